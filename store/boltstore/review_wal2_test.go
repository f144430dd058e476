package boltstore_test

// Second review of the write-behind file (wbfile.go), after the fixes of
// b453ac7. Each test below failed on the reviewed change; its comment says
// what is expected, what was observed, and how sure the reviewer was that
// it is a defect. All seven are mended (the two about zeros in a frame by
// whole-sector, whitened frames: they now check that layout).

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

var wal2Opts = boltstore.Options{NoSync: true, WriteBehind: true}

// wal2Open opens path with opts and, when it opens, returns what it holds.
func wal2Open(t *testing.T, path string, opts boltstore.Options) (string, error) {
	t.Helper()
	db, err := boltstore.Open(path, opts)
	if err != nil {
		return "", err
	}
	defer db.Close()
	return r28Dump(t, db, wbFileBuckets), nil
}

// TestReviewWAL2StaleFileOfAnotherGenerationHidesMissingFile.
//
// The book stores generation G2, whose file is missing; beside it lies a
// file of an older generation G1 (the two files copied at different
// moments: the write-behind file first, then, after a compaction and a
// new generation, the book file). openWBFile sees a generation the book
// does not hold and removes the file: Open succeeds without the commits
// G2's file held. The docs: "It refuses a book whose file is missing
// (unless Options.AcceptRollback)". G2's file is missing; a stale file of
// another generation is no substitute. No crash with syncing leaves a
// book storing G beside a file of another generation: a file is created
// and synced before the commit that stores its generation, and replaces
// (O_TRUNC) whatever was at the path.
//
// Expected: store.ErrCorrupt (the book's write-behind file is missing).
// Observed: Open succeeds, w1/d (acknowledged, in G2's file) is silently
// gone, and the stale file is deleted. Confidence: medium-high.
func TestReviewWAL2StaleFileOfAnotherGenerationHidesMissingFile(t *testing.T) {
	walRequireStaleFileRefused(t, true)
}

// walRequireStaleFileRefused places a book storing generation G2 beside
// the file of its earlier generation G1 (holding a frame, or its header
// only), which Open must refuse: G2's file is missing.
func walRequireStaleFileRefused(t *testing.T, withFrame bool) {
	t.Helper()
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // record in bbolt, creates G1
	if withFrame {
		b.update([3]string{"w1", "b", "2"}) // frame of G1
	}
	oldWB, err := os.ReadFile(b.path + boltstore.WBFileSuffix)
	require.NoError(t, err)
	if !withFrame {
		require.Len(t, oldWB, 512, "precondition: G1's file holds its header only")
	}
	require.NoError(t, b.db.Compact(ctx)) // drops G1, removes its file
	b.update([3]string{"w1", "c", "3"})   // record in bbolt, creates G2
	b.update([3]string{"w1", "d", "4"})   // frame of G2
	newBolt, err := os.ReadFile(b.path)
	require.NoError(t, err)

	p := walPlace(t, newBolt, oldWB)
	got, err := wal2Open(t, p, wal2Opts)
	require.ErrorIs(t, err, store.ErrCorrupt,
		"the book stores a generation whose file is missing; opened instead, holding:\n%s\nwhere the book held:\n%s",
		got, r28ModelDump(b.model, wbFileBuckets))
}

// TestReviewWAL2AcceptRollbackRefusedOverFramesOfLostTx.
//
// The newest meta page is damaged; Options.AcceptRollback opens the file
// at the previous transaction ("the transaction the damaged page
// recorded ... is then lost for good"; "every other damage is still
// refused"). The write-behind file holds a frame written over the lost
// transaction (base = its txid), and frames written over the one opened.
// framesOver refuses the book with ErrCorrupt ("the book file is older
// than its write-behind file (were they copied at different moments?)"),
// so AcceptRollback cannot rescue it at all; the only way in is deleting
// the file by hand (then AcceptRollback treats it as missing), which also
// loses the frames written over the transaction kept.
//
// Expected: with AcceptRollback, Open succeeds at the older transaction,
// keeping at least the frames written over it (w1/a, w1/b), and dropping
// the frames over the lost one. Observed: store.ErrCorrupt from
// framesOver. Confidence: medium (what AcceptRollback should keep is a
// design choice; refusing outright defeats the option).
func TestReviewWAL2AcceptRollbackRefusedOverFramesOfLostTx(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"})    // commit X1: record, generation
	b.update([3]string{"w1", "b", "2"})    // frame over X1
	b.update([3]string{"plain", "p", "x"}) // commit X2, no record
	b.update([3]string{"w1", "c", "3"})    // frame over X2
	cp := b.crashCopy()
	data, err := os.ReadFile(cp)
	require.NoError(t, err)
	ne := binary.NativeEndian
	pageSize := int(ne.Uint32(data[16+8:]))
	tx0, tx1 := ne.Uint64(data[16+48:]), ne.Uint64(data[pageSize+16+48:])
	newest := 0
	if tx1 > tx0 {
		newest = pageSize
	}
	data[newest+16+56] ^= 0xff // the newest meta's checksum
	require.NoError(t, os.WriteFile(cp, data, 0o600))
	_, err = wal2Open(t, cp, wal2Opts)
	require.ErrorIs(t, err, boltstore.ErrDamagedMeta, "precondition: refused without AcceptRollback")

	opts := wal2Opts
	opts.AcceptRollback = true
	got, err := wal2Open(t, cp, opts)
	require.NoError(t, err, "AcceptRollback opens the previous transaction")
	require.Contains(t, got, "w1 61 1 31", "w1/a, written over the transaction kept")
	require.Contains(t, got, "w1 62 1 32", "w1/b, written over the transaction kept")
}

// TestReviewWAL2DamagedLastFrameEndingInZeroByteTakenForTorn.
//
// torn() checked every sector a bad frame spans, including the part of
// the last one the frame reached into, even when that part was one byte.
// A plain record whose write set ends with a deletion (flag byte 0) whose
// frame ended one byte past a 512-byte boundary had a final "sector" of
// one zero byte: torn said a crash cut it, and a frame written whole,
// acknowledged and later damaged was cut off silently at Open.
//
// Expected: store.ErrCorrupt (a damaged frame whose bytes are all there).
// Observed before the fix: Open succeeded and the acknowledged deletion
// of w1/victim was lost. Confidence: medium-high. Fixed: frames take whole
// sectors and are whitened, so no frame ends inside a sector and no
// record byte is stored as it is; the test now damages the last frame of
// a deletion and expects the refusal.
func TestReviewWAL2DamagedLastFrameEndingInZeroByteTakenForTorn(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "victim0000", "v"}) // record in bbolt, creates the file
	b.update([3]string{"w1", "p00", "x"})
	b.update([3]string{"w1", "victim0000", ""})
	wal2RequireDamageRefused(t, b, 28+5+7) // a byte of the deleted key
}

// wal2RequireDamageRefused checks that b's write-behind file holds whole
// sectors and no sector of zeros, then flips the byte at offset at of its
// last frame in a crash copy, which Open must refuse as damage.
func wal2RequireDamageRefused(t *testing.T, b *wbFileBook, at int) {
	t.Helper()
	data, err := os.ReadFile(b.path + boltstore.WBFileSuffix)
	require.NoError(t, err)
	require.Zero(t, len(data)%512, "frames take whole sectors")
	for p := 512; p+512 <= len(data); p += 512 {
		require.False(t, bytes.Equal(data[p:p+512], make([]byte, 512)), "a sector of zeros at %d in a written frame", p)
	}
	offs := walFrameOffsets(t, data)
	cp := b.crashCopy()
	data[offs[len(offs)-1]+at] ^= 0x01 // the frame fails its CRC
	require.NoError(t, os.WriteFile(cp+boltstore.WBFileSuffix, data, 0o600))
	got, err := wal2Open(t, cp, wal2Opts)
	require.ErrorIs(t, err, store.ErrCorrupt, "a whole frame damaged, not torn; opened instead, holding:\n%s", got)
}

// TestReviewWAL2DamagedLastFrameWithZeroSectorInRecordTakenForTorn.
//
// A record of mostly incompressible data is deflated into stored blocks
// (flate keeps the bytes as they are unless compressing saves 1/16), so a
// run of zeros in a value landed in the frame as is, and could cover a
// whole aligned 512-byte sector. torn() took any zero sector of a bad
// last frame for blocks the disk never wrote: a frame written whole,
// acknowledged, and later damaged anywhere else was cut off silently.
//
// Expected: store.ErrCorrupt. Observed before the fix: Open succeeded
// without w1/big, an acknowledged commit. Confidence: medium. Fixed:
// frames are whitened (no sector of zeros in a written frame).
func TestReviewWAL2DamagedLastFrameWithZeroSectorInRecordTakenForTorn(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // record in bbolt, creates the file
	rng := rand.New(rand.NewPCG(1, 2))
	v := make([]byte, 24000)
	for i := range v {
		v[i] = byte(rng.UintN(256))
	}
	clear(v[10000:11600]) // 1600 zeros: some aligned sector would lie within
	b.update([3]string{"w1", "big", string(v)})
	wal2RequireDamageRefused(t, b, 28+200) // inside the record
}

// TestReviewWAL2FailedCompactionCommitThenFrameLost.
//
// A compaction's bbolt commit fails after its meta page reached the file
// (the meta's sync fails: EIO, or ENOSPC on a thin volume; simulated by a
// test hook that writes the page and then returns an error). Update
// returns the error; the DB is not marked broken, keeps its write-behind
// file and believes the generation stored. The next deferred-only Update
// appends its frame to that file and returns nil. The process then ends
// (killed, or the operator restarts it after the I/O error): the book
// file's newest meta is the compaction's, which dropped the generation,
// so Open removes the write-behind file unread, and the acknowledged
// commit is gone. Before the file, that next record went into a bbolt
// commit, which rewrote the same meta page (bbolt reuses the txid of a
// failed commit): nothing was lost.
//
// Expected: the crash copy opens holding w1/c (or the Update after the
// failed commit is refused). Observed: Open succeeds without w1/c.
// Confidence: medium (needs a failed meta sync whose write reached the
// file, then a restart; the loss is silent).
func TestReviewWAL2FailedCompactionCommitThenFrameLost(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // record in bbolt, creates the file
	b.update([3]string{"w1", "b", "2"}) // frame
	boltstore.ReviewWAL2FailNextMetaWrite(b.db)
	require.Error(t, b.db.Compact(ctx), "precondition: the compaction's commit fails")
	err := b.db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("w1"), []byte("c"), []byte("3")) })
	if err != nil {
		return // refusing writes after a failed commit is acceptable
	}
	b.model["w1"]["c"] = []byte("3")
	got, err := wal2Open(t, b.crashCopy(), wal2Opts)
	require.NoError(t, err)
	require.Equal(t, r28ModelDump(b.model, wbFileBuckets), got, "w1/c was acknowledged")
}

// TestReviewWAL2FailedMixedCommitThenFrameRefusesBook.
//
// A mixed Update (its record in bbolt's log under sequence s) fails after
// its meta page reached the file (as above). The DB does not count the
// record (wbSeq stays s) and is not broken; the next deferred-only Update
// appends a frame under the same sequence s. After the process ends, the
// book file's newest meta holds log record s and the file holds frame s:
// mergeLogs sees "record s follows s" and Open refuses the book with
// store.ErrCorrupt. Before the file, the next record's bbolt commit
// rewrote the failed commit's meta page: the book opened.
//
// Expected: the crash copy opens, holding every acknowledged commit
// (w1/a, w1/b, w1/d; the failed one's writes either way). Observed:
// store.ErrCorrupt, "write-behind record 2 follows 2". Confidence:
// medium.
func TestReviewWAL2FailedMixedCommitThenFrameRefusesBook(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // record 0 in bbolt, creates the file
	b.update([3]string{"w1", "b", "2"}) // frame 1
	boltstore.ReviewWAL2FailNextMetaWrite(b.db)
	err := b.db.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put([]byte("plain"), []byte("p"), []byte("x")); err != nil {
			return err
		}
		return tx.Put([]byte("w1"), []byte("c"), []byte("3"))
	})
	require.Error(t, err, "precondition: the mixed commit fails")
	err = b.db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("w1"), []byte("d"), []byte("4")) })
	if err != nil {
		return // refusing writes after a failed commit is acceptable
	}
	got, err := wal2Open(t, b.crashCopy(), wal2Opts)
	require.NoError(t, err, "a failed commit, then a process that ended, must not make the book unopenable")
	require.Contains(t, got, "w1 64 1 34", "w1/d was acknowledged")
}

// TestReviewWAL2TornFrameHoldingFrameBytesRefused.
//
// goodFrameAfter scans every byte after a bad last frame for a good
// frame whose sequence is the expected one or later. A torn frame (a
// crash cut it short: its commit never returned) whose record holds, in
// a value, the bytes of a frame (24 bytes: a length of 16, its CRC, the
// next sequence, any txid), such as a stored copy of a write-behind file
// or of another book's, is then called damage "a good one follows", and
// the book is refused after a plain crash. The scan also finds such bytes
// inside whole frames' values beyond a damaged frame.
//
// Expected: the crash copy opens without the torn commit. Observed:
// store.ErrCorrupt "frame at ... damaged (a good one follows at ...)".
// Confidence: low-medium (needs a value holding a valid frame of the
// right sequence; values are caller data the store does not control).
func TestReviewWAL2TornFrameHoldingFrameBytesRefused(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // record 0 in bbolt, creates the file
	b.update([3]string{"w1", "b", "2"}) // frame 1
	before := r28ModelDump(b.model, wbFileBuckets)
	// A frame of sequence 2 with an empty record, as bytes of a value.
	emb := make([]byte, 24)
	binary.LittleEndian.PutUint32(emb, 16)
	binary.BigEndian.PutUint64(emb[8:], 2)
	binary.BigEndian.PutUint64(emb[16:], 0)
	binary.LittleEndian.PutUint32(emb[4:], crc32.Checksum(emb[8:], crc32.MakeTable(crc32.Castagnoli)))
	val := append(append([]byte{}, emb...), bytes.Repeat([]byte("y"), 100)...)
	b.update([3]string{"w1", "c", string(val)}) // frame 2, holding the bytes
	cp := b.crashCopy()
	wb := cp + boltstore.WBFileSuffix
	data, err := os.ReadFile(wb)
	require.NoError(t, err)
	// The crash cut frame 2 short: its last 40 bytes never reached the
	// file (a write extending the file, cut inside its padding).
	require.NoError(t, os.WriteFile(wb, data[:len(data)-40], 0o600))
	got, err := wal2Open(t, cp, wal2Opts)
	require.NoError(t, err, "a frame cut short is a commit that never returned")
	require.Equal(t, before, got)
}
