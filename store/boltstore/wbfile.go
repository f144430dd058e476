package boltstore

// The write-behind file (Options.WriteBehind): the record of an Update
// that writes nothing but deferred buckets is appended to a file beside
// the book (its path followed by WBFileSuffix) and synced, instead of
// committed to bbolt. A bbolt commit of a 7 KB record writes its two
// pages, the log bucket's branch above them, the root and a meta page:
// five pages or more for two pages of record. An Update that writes other
// buckets too logs its record in the log bucket of its bbolt commit, as
// before; the records of both share one sequence, and Open replays them
// in its order, refusing a gap.
//
// The file belongs to one state of the book through its generation: 16
// random bytes that the file's header holds and that the bbolt commit
// made right after the file is created and synced stores (bucket wbGen).
// A compaction applies every record and deletes the generation in its
// commit, then removes the file. So:
//   - a book that stores no generation removes any file beside it: its
//     records were applied by a compaction that crashed before removing
//     it, or it was left beside a backup restored in the book's place (a
//     backup holds no generation);
//   - a book that stores a generation whose file is missing, or of
//     another generation, is refused (unless Options.AcceptRollback): the
//     file was lost or not copied;
//   - except a file holding no frame that names, as the generation it
//     replaces, the one the book stores: a crash came between its
//     creation and the commit that would have stored its generation, and
//     Open puts an empty file of the book's generation in its place.
//
// Within a generation, the first bbolt commit after frames stores the
// sequence they reached (wbSeqKey): a file whose records end before it is
// older than the book file, refused; frames after the last bbolt commit
// are all a crash can cut.
//
// Layout: a header sector (512 bytes) of 8 bytes of magic, the
// generation, the generation the book stored when the file was created
// (zeros: none), the CRC-32C of those, and zeros; then one frame a record,
// in whole sectors: the length of what follows the next field (4 bytes,
// little endian), the CRC-32C of what follows it, the record's sequence (8
// bytes, big endian), the bbolt transaction its commit read (8 bytes, big
// endian: a book file older than that is not the one the frame was written
// over), the record's length (4 bytes, little endian), then the record as
// the log bucket stores it (its own checksum inside) and padding to the
// sector, both whitened (whiten). A frame is written with one write after
// the last whole one, and the next only once it is synced. So a bad frame
// that is the file's last write, cut short (unless the rest of the file
// passes its checksum: a damaged length) or ending the file with a sector
// of zeros (one the disk never wrote: whitened, no frame holds one), is a
// commit a crash interrupted before it returned: once the book opens, it
// is cut off, and the cut synced. Any other bad frame is damage:
// store.ErrCorrupt.

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	mrand "math/rand/v2"
	"os"
	"path/filepath"

	"github.com/lettrage/lettrage/store"
	bolt "go.etcd.io/bbolt"
)

// WBFileSuffix ends the name of a book's write-behind file: a book at
// path p opened with Options.WriteBehind keeps its latest small commits in
// p+WBFileSuffix until the next compaction. Copy both files, or Close
// the DB (it compacts and removes the file) before copying the book.
const WBFileSuffix = "-wb"

// wbGen is the bucket of the write-behind file's generation (key
// wbGenKey): like wbLog, a name no caller's bucket can have.
var wbGen = func() []byte {
	name := make([]byte, store.KeyMax+1)
	copy(name, "boltstore write-behind file")
	return name
}()

var wbGenKey = []byte("generation")

// wbSeqKey, beside wbGenKey, holds the sequence (8 bytes, big endian) that
// the records of the book reached when a bbolt commit came after frames of
// the file: every record below it was acknowledged before that commit, so
// a file whose frames end before it is older than the book file (copied
// before it, or restored from an earlier backup), not a crash, which only
// cuts frames written after the last bbolt commit. A commit that logs a
// record in bbolt needs none: Open refuses the gap before that record. A
// book written before the key existed has none, and opens unchecked.
var wbSeqKey = []byte("sequence")

const (
	wbFileMagic = "lttrgWB3"
	wbGenLen    = 16
	// wbHeaderLen is the header's length (magic, generation, the
	// generation replaced, checksum); it fills the file's first sector,
	// the rest of it zeros.
	wbHeaderLen = len(wbFileMagic) + 2*wbGenLen + 4
	// wbSector is the unit of the file: the header and each frame take
	// whole sectors, so that a torn write shows as a sector of zeros.
	wbSector     = 512
	wbFileHeader = wbSector
	// wbFrameHead is a frame's fixed part: length, checksum, sequence,
	// transaction read, record length.
	wbFrameHead = 4 + 4 + 8 + 8 + 4
)

// wbFile is an open write-behind file, used under commitMu.
type wbFile struct {
	f    *os.File
	path string
	gen  []byte
	size int64 // the header and the whole frames
}

// logRec is one log record as stored, and its sequence; base is, for a
// frame of the file, the bbolt transaction its commit read (0 for a record
// of the log bucket).
type logRec struct {
	seq, base uint64
	rec       []byte
	off       int64 // a frame's offset in the file
}

// newGeneration returns 16 random bytes.
func newGeneration() []byte {
	g := make([]byte, wbGenLen)
	_, _ = rand.Read(g) // crypto/rand.Read never fails (Go 1.24)
	return g
}

// storedGeneration returns the generation btx's state holds, or nil.
func storedGeneration(btx *bolt.Tx) []byte {
	b := btx.Bucket(wbGen)
	if b == nil {
		return nil
	}
	return bytes.Clone(b.Get(wbGenKey))
}

// storedSequence returns the sequence btx's state records under wbSeqKey,
// or 0 when it records none.
func storedSequence(btx *bolt.Tx) (uint64, error) {
	b := btx.Bucket(wbGen)
	if b == nil {
		return 0, nil
	}
	v := b.Get(wbSeqKey)
	switch len(v) {
	case 0:
		return 0, nil
	case 8:
		return binary.BigEndian.Uint64(v), nil
	}
	return 0, fmt.Errorf("%w: boltstore: write-behind sequence %x", store.ErrCorrupt, v)
}

// recordsReach checks that records, replayed, reach sequence want (the
// sequence after the last one is want or above): a record the book's
// last commits vouch for is missing from the write-behind file at path.
func recordsReach(recs []logRec, want uint64, path string) error {
	var next uint64
	if len(recs) > 0 {
		next = recs[len(recs)-1].seq + 1
	}
	if next >= want {
		return nil
	}
	return fmt.Errorf("%w: boltstore: write-behind file %s: the book file was committed after record %d, the records end at %s: the write-behind file is older than the book file (were they copied at different moments?); restore both from one backup, or open with Options.AcceptRollback to go on without the records missing",
		store.ErrCorrupt, path, want-1, foundSeq(recs))
}

// foundSeq names the last record's sequence, or none.
func foundSeq(recs []logRec) string {
	if len(recs) == 0 {
		return "none"
	}
	return fmt.Sprintf("record %d", recs[len(recs)-1].seq)
}

// createWBFile writes a new file of generation gen at path, in place of
// any file there, synced with its directory entry. prev is the generation
// the book stores as the file is created (nil: none): a crash before the
// commit that stores gen leaves this file beside a book storing prev,
// which Open then knows for that.
func createWBFile(path string, gen, prev []byte, sync bool) (*wbFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("boltstore: write-behind file: %w", err)
	}
	head := make([]byte, wbFileHeader)
	copy(head, wbFileMagic)
	copy(head[len(wbFileMagic):], gen)
	copy(head[len(wbFileMagic)+wbGenLen:], prev)
	binary.LittleEndian.PutUint32(head[wbHeaderLen-4:], crc32.Checksum(head[:wbHeaderLen-4], crcTable))
	if _, err = f.WriteAt(head, 0); err == nil && sync {
		if err = fdatasync(f); err == nil {
			err = syncDir(filepath.Dir(path))
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("boltstore: write-behind file %s: %w", path, err)
	}
	return &wbFile{f: f, path: path, gen: gen, size: int64(len(head))}, nil
}

// openWBFile opens the book's write-behind file at path, of generation
// gen (the book's), and returns it and its records in order; the length
// of its whole frames is the file's size, a torn frame after them not yet
// cut off (cutTail). With gen nil, any file there is removed: it returns
// nil. A file holding no frame whose header is unreadable, or names
// another generation created while the book stored gen (a crash before
// the commit that would have stored it), holds nothing: it is replaced by
// an empty file of gen. A file missing, or of another state of the book,
// is errWBFileMissing: unless acceptLoss, which removes it.
func openWBFile(path string, gen []byte, sync, acceptLoss bool) (*wbFile, []logRec, error) {
	if gen == nil { // no file can be the book's: it holds no generation
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("boltstore: write-behind file: %w", err)
		}
		return nil, nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, lost(path, acceptLoss, errWBFileMissing)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("boltstore: write-behind file: %w", err)
	}
	fileGen, prev, herr := wbFileGeneration(data)
	if len(data) <= wbFileHeader && (herr != nil || fileGen == nil || !bytes.Equal(fileGen, gen) && bytes.Equal(prev, gen)) {
		// Created and cut before its header was synced, or before the
		// commit storing its generation: nothing in it.
		f, err := createWBFile(path, gen, nil, sync)
		return f, nil, err
	}
	if herr != nil {
		return nil, nil, fmt.Errorf("%w: boltstore: write-behind file %s: %v", store.ErrCorrupt, path, herr)
	}
	if !bytes.Equal(fileGen, gen) {
		// The book's own file was created, and synced, before the
		// commit that stores its generation: this one is of another
		// state of the book (copied at another moment).
		return nil, nil, lost(path, acceptLoss, fmt.Errorf("%w (the file there is of another state of the book)", errWBFileMissing))
	}
	recs, size, err := wbFrames(data, gen)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: boltstore: write-behind file %s: %v", store.ErrCorrupt, path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("boltstore: write-behind file: %w", err)
	}
	return &wbFile{f: f, path: path, gen: gen, size: size}, recs, nil
}

// lost returns err, or, with acceptLoss, removes the file at path and
// returns nil.
func lost(path string, acceptLoss bool, err error) error {
	if !acceptLoss {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("boltstore: write-behind file: %w", err)
	}
	return nil
}

// cutTail cuts off what follows the whole frames (a torn frame: its
// commit never returned), synced: a crash after the next frame's write,
// before its sync, must not find that frame's remains over this one's.
func (w *wbFile) cutTail(sync bool) error {
	fi, err := w.f.Stat()
	if err != nil || fi.Size() == w.size {
		return err
	}
	err = w.f.Truncate(w.size)
	if err == nil && sync {
		err = fdatasync(w.f)
	}
	if err != nil {
		return fmt.Errorf("boltstore: write-behind file %s: %w", w.path, err)
	}
	return nil
}

// wbFileGeneration returns the generation data's header names, and the
// one the book stored when the file was created. A header a crash cut
// short (nothing after it: the file was being created) names none, and
// is not damage.
func wbFileGeneration(data []byte) (gen, prev []byte, err error) {
	if len(data) < wbHeaderLen {
		if allZero(data) || bytes.HasPrefix([]byte(wbFileMagic), data) || bytes.HasPrefix(data, []byte(wbFileMagic)) {
			return nil, nil, nil
		}
		return nil, nil, errors.New("not a write-behind file")
	}
	if string(data[:len(wbFileMagic)]) != wbFileMagic {
		return nil, nil, errors.New("not a write-behind file")
	}
	if crc32.Checksum(data[:wbHeaderLen-4], crcTable) != binary.LittleEndian.Uint32(data[wbHeaderLen-4:]) {
		return nil, nil, errors.New("damaged header")
	}
	g := data[len(wbFileMagic) : len(wbFileMagic)+wbGenLen]
	p := data[len(wbFileMagic)+wbGenLen : wbHeaderLen-4]
	if allZero(p) {
		p = nil
	}
	return g, p, nil
}

// wbFrames returns the records of the frames of a file of generation gen
// (data after a valid header) and the length of the header and whole
// frames, each frame's sequence above the one before (the log bucket's
// records, which may come between, are merged by mergeLogs, which refuses
// a gap). A bad frame that no good one follows and that torn says a crash
// cut is the write of a commit that never returned: it ends the frames.
// Any other is damage.
func wbFrames(data, gen []byte) ([]logRec, int64, error) {
	var recs []logRec
	var next *uint64
	off := min(wbFileHeader, len(data))
	for off < len(data) {
		seq, base, rec, n, ok := frameAt(data, off, gen)
		if ok && len(recs) > 0 && base < recs[len(recs)-1].base {
			ok = false // frames are written over ever newer snapshots
		}
		if !ok || next != nil && seq < *next {
			if p := goodFrameAfter(data, off+wbSector, next, gen); p >= 0 {
				return nil, 0, fmt.Errorf("frame at %d damaged (a good one follows at %d)", off, p)
			}
			if !torn(data, off) {
				return nil, 0, fmt.Errorf("frame at %d damaged", off)
			}
			break
		}
		recs = append(recs, logRec{seq: seq, base: base, rec: rec, off: int64(off)})
		off += n
		following := seq + 1
		next = &following
	}
	return recs, int64(off), nil
}

// torn reports whether the bad frame at off, which no good frame
// follows, is the last write, a crash cut: the file ends inside it (unless
// what the file holds passes its checksum: a whole frame whose length was
// damaged), or it ends at the file's end with a sector of zeros (one the
// disk never wrote: a frame is whitened, see whiten, so no frame holds
// one), or its first sector, which holds its length, is zeros. A frame
// that anything follows was synced before the next write began: damaged,
// not torn, and so is a bad frame with neither.
func torn(data []byte, off int) bool {
	if len(data)-off < wbFrameHead {
		return true
	}
	n := int(binary.LittleEndian.Uint32(data[off:]))
	end := off + 8 + n
	switch {
	case n < wbFrameHead-8 || (8+n)%wbSector != 0: // its length damaged, or never written
		return allZero(data[off:min(off+wbSector, len(data))])
	case end > len(data):
		return crc32.Checksum(data[off+8:], crcTable) != binary.LittleEndian.Uint32(data[off+4:])
	case end < len(data):
		return false
	}
	for p := off; p < end; p += wbSector {
		if allZero(data[p : p+wbSector]) {
			return true
		}
	}
	return false
}

// frameAt reads the frame at off of a file of generation gen, if it is
// whole and passes its checksum, and returns its length in the file.
func frameAt(data []byte, off int, gen []byte) (seq, base uint64, rec []byte, length int, ok bool) {
	rest := data[off:]
	if len(rest) < wbFrameHead {
		return 0, 0, nil, 0, false
	}
	n := uint64(binary.LittleEndian.Uint32(rest))
	if n < wbFrameHead-8 || n > uint64(len(rest)-8) || (8+n)%wbSector != 0 {
		return 0, 0, nil, 0, false
	}
	body := rest[8 : 8+n]
	if crc32.Checksum(body, crcTable) != binary.LittleEndian.Uint32(rest[4:]) {
		return 0, 0, nil, 0, false
	}
	seq, base = binary.BigEndian.Uint64(body), binary.BigEndian.Uint64(body[8:])
	rl := uint64(binary.LittleEndian.Uint32(body[16:]))
	if rl > n-(wbFrameHead-8) {
		return 0, 0, nil, 0, false
	}
	rec = bytes.Clone(body[wbFrameHead-8 : wbFrameHead-8+rl])
	whiten(rec, gen, seq)
	return seq, base, rec, int(8 + n), true
}

// whiten XORs b with a key stream of the file's generation and the
// frame's sequence (ChaCha8): stored whitened, no record holds a sector of
// zeros, which only a write the disk never made leaves, and no caller's
// data can imitate a frame. It is its own inverse.
func whiten(b, gen []byte, seq uint64) {
	var seed [32]byte
	copy(seed[:], gen)
	binary.BigEndian.PutUint64(seed[wbGenLen:], seq)
	copy(seed[wbGenLen+8:], "lttrg wb")
	var ks [512]byte
	c := mrand.NewChaCha8(seed)
	for len(b) > 0 {
		k := ks[:min(len(b), len(ks))]
		_, _ = c.Read(k)
		subtle.XORBytes(b[:len(k)], b[:len(k)], k)
		b = b[len(k):]
	}
}

// goodFrameAfter returns the offset of the first good frame at a sector
// from from on whose sequence is next or a little later (any, when next
// is nil), or -1.
func goodFrameAfter(data []byte, from int, next *uint64, gen []byte) int {
	for p := from; p+wbFrameHead <= len(data); p += wbSector {
		if next != nil {
			if s := binary.BigEndian.Uint64(data[p+8:]); s < *next || s-*next > 1<<32 {
				continue
			}
		}
		if _, _, _, _, ok := frameAt(data, p, gen); ok {
			return p
		}
	}
	return -1
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// errWBFileMissing is openWBFile's error for a book that stores a
// generation whose file is missing: the file is created, and synced,
// before the commit that stores its generation, so it was lost or left
// behind when the book was copied.
var errWBFileMissing = errors.New("write-behind file missing")

// errWBFileBroken marks a DB whose write-behind file may hold a frame its
// commit reported as failed: no write is accepted until it is opened
// again (Open cuts the frame off or replays it whole).
var errWBFileBroken = errors.New("boltstore: the write-behind file could not be written or synced; open the book again")

// append writes the frame of record rec of sequence seq, whose commit read
// bbolt's transaction base, and syncs it. On
// failure it cuts the file back to its last whole frame; an error that
// wraps errWBFileBroken means it could not.
func (w *wbFile) append(seq, base uint64, rec []byte, sync bool) error {
	size := (wbFrameHead + len(rec) + wbSector - 1) / wbSector * wbSector
	frame := make([]byte, size)
	binary.LittleEndian.PutUint32(frame, uint32(size-8))
	binary.BigEndian.PutUint64(frame[8:], seq)
	binary.BigEndian.PutUint64(frame[16:], base)
	binary.LittleEndian.PutUint32(frame[24:], uint32(len(rec)))
	copy(frame[wbFrameHead:], rec)
	whiten(frame[wbFrameHead:], w.gen, seq) // the record and the padding
	binary.LittleEndian.PutUint32(frame[4:], crc32.Checksum(frame[8:], crcTable))
	_, err := w.f.WriteAt(frame, w.size)
	if err == nil && sync {
		if err = fdatasync(w.f); err != nil {
			// What a failed sync left on disk is unknown: the frame may
			// come back at the next Open though this commit fails.
			return fmt.Errorf("%w: %s: %v", errWBFileBroken, w.path, err)
		}
	}
	if err != nil {
		// Cut back and synced, as Open cuts a torn frame: the next
		// frame must not land over this one's remains.
		terr := w.f.Truncate(w.size)
		if terr == nil && sync {
			terr = fdatasync(w.f)
		}
		if terr != nil {
			return fmt.Errorf("%w: %s: %v; cutting it back: %v", errWBFileBroken, w.path, err, terr)
		}
		return fmt.Errorf("boltstore: write-behind file %s: %w", w.path, err)
	}
	w.size += int64(len(frame))
	return nil
}

// remove closes and removes the file. A removal a crash undoes leaves a
// file of a generation the book no longer holds, which Open removes.
func (w *wbFile) remove() error {
	cerr := w.f.Close()
	if err := os.Remove(w.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("boltstore: write-behind file: %w", err)
	}
	return cerr
}

// frameData reads the header and whole frames back from the file.
func (w *wbFile) frameData() ([]byte, error) {
	data := make([]byte, w.size)
	if _, err := w.f.ReadAt(data, 0); err != nil {
		return nil, fmt.Errorf("boltstore: write-behind file %s: %w", w.path, err)
	}
	return data, nil
}

// bboltLog returns the records of btx's log bucket, in order.
func bboltLog(btx *bolt.Tx) ([]logRec, error) {
	lb := btx.Bucket(wbLog)
	if lb == nil {
		return nil, nil
	}
	var recs []logRec
	c := lb.Cursor()
	for k, rec := c.First(); k != nil; k, rec = c.Next() {
		if len(k) != 8 {
			return nil, fmt.Errorf("%w: boltstore: write-behind log key %x", store.ErrCorrupt, k)
		}
		recs = append(recs, logRec{seq: binary.BigEndian.Uint64(k), rec: value(lb, k, rec)})
	}
	return recs, nil
}

// framesOver checks that the file's frames were written over transaction
// txid of the book file at path or older ones: a frame written over a
// newer one belongs to a later state of the book than the file holds (the
// book file copied alone, or before its write-behind file, or opened at
// its previous transaction with Options.AcceptRollback). It returns the
// index of the first such frame, or len(frames).
func framesOver(frames []logRec, txid uint64, path string) (int, error) {
	for i, r := range frames {
		if r.base > txid {
			return i, fmt.Errorf("%w: boltstore: %s: write-behind record %d was written over transaction %d, the book file is at %d: the book file is older than its write-behind file (were they copied at different moments?)",
				store.ErrCorrupt, path, r.seq, r.base, txid)
		}
	}
	return len(frames), nil
}

// mergeLogs returns the records of the log bucket and of the file in the
// order of their sequence, which must have no gap: a record missing
// between two others is a commit lost.
func mergeLogs(a, b []logRec) ([]logRec, error) {
	out := make([]logRec, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var r logRec
		if j == len(b) || i < len(a) && a[i].seq < b[j].seq {
			r, i = a[i], i+1
		} else {
			r, j = b[j], j+1
		}
		if len(out) > 0 && r.seq != out[len(out)-1].seq+1 {
			return nil, fmt.Errorf("%w: boltstore: write-behind record %d follows %d: a record is missing (was the book copied without its %s file?)",
				store.ErrCorrupt, r.seq, out[len(out)-1].seq, WBFileSuffix)
		}
		out = append(out, r)
	}
	return out, nil
}

// replayRecords pushes the records' write sets into v, in order, and
// returns the sequence that follows the last one (0 without records).
func replayRecords(recs []logRec, v *wbVersion) (next uint64, err error) {
	for _, r := range recs {
		body, err := decodeRecord(r.rec)
		if err == nil {
			err = replayRecord(body, v)
		}
		if err != nil {
			return next, fmt.Errorf("%w: boltstore: write-behind record %d: %v", store.ErrCorrupt, r.seq, err)
		}
		next = r.seq + 1
	}
	return next, nil
}
