package boltstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/lettrage/lettrage/store"
	bolt "go.etcd.io/bbolt"
)

// VerifyStructure implements store.Verifier. In one read transaction it
// reads, through its own file descriptor (a damaged offset can then fail a
// read but never fault), every page the transaction reaches from its meta
// page, and checks bbolt's invariants: each page names itself, has a known
// type and ends below the high-water mark; no page is reached twice or is
// both reached and free; every key and value lies inside its page; keys
// ascend within a page and stay within the range the branch above gives
// them, so that a lookup finds every key a scan sees; a bucket holds no
// bucket but those that each hold one large value alone, under one key
// (see the package doc); and every page below the high-water mark is
// reached or free (when the transaction stored its freelist: otherwise
// every page not reached is free). Then every record of the write-behind
// log must pass the checks Open's replay makes (its checksum, its form,
// no record missing).
// It reads the whole file.
func (d *DB) VerifyStructure(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		err := d.verifyOnce(ctx)
		if !errors.Is(err, errMetaMoved) || attempt == verifyAttemptsMax {
			return err
		}
	}
}

// verifyAttemptsMax bounds how many times VerifyStructure starts again
// because writers committed twice before it read its meta page.
const verifyAttemptsMax = 3

// errMetaMoved is returned by a walk whose transaction's meta page later
// commits overwrote before the walk read it.
var errMetaMoved = errors.New("boltstore: the meta page moved on")

func (d *DB) verifyOnce(ctx context.Context) error {
	f, err := os.Open(d.path)
	if err != nil {
		return fmt.Errorf("boltstore: verify %s: %w", d.path, err)
	}
	defer f.Close()
	// The read transaction begins, and the meta pages are read, with no
	// commit under way: a commit rewrites a meta page (a read could see it
	// half-written), and two commits between the reads of the two pages
	// would leave neither recording the transaction. Once they are read,
	// writers go on; the transaction keeps the pages it reaches.
	d.commitMu.Lock()
	locked := true
	defer func() {
		if locked {
			d.commitMu.Unlock()
		}
	}()
	return d.View(ctx, func(stx store.Tx) error {
		fi, err := f.Stat()
		if err != nil {
			return fmt.Errorf("boltstore: verify %s: %w", d.path, err)
		}
		w := &walker{ctx: ctx, c: &fileCheck{f: f, path: d.path, size: fi.Size()}}
		if err := w.meta(uint64(stx.(*tx).btx.ID())); err != nil {
			return err
		}
		// The write-behind file's frames of this snapshot: those written
		// so far, no commit being under way.
		var frames []byte
		if d.wbFile != nil {
			if frames, err = d.wbFile.frameData(); err != nil {
				return err
			}
		}
		d.commitMu.Unlock()
		locked = false
		if err := w.walk(); err != nil {
			return err
		}
		// The log's records are read from memory once Open replayed
		// them: a record damaged since would go unseen until the next
		// Open (or a backup's) refuses the file. Replayed here into a
		// scratch overlay, each is checked as Open checks it.
		return verifyLog(stx.(*tx).btx, frames, d.path+WBFileSuffix)
	})
}

// verifyLog checks the log bucket's records and the write-behind file's
// (frames: its header and whole frames, or nil) as Open replays them.
func verifyLog(btx *bolt.Tx, frames []byte, path string) error {
	recs, err := bboltLog(btx)
	if err != nil {
		return err
	}
	if frames != nil {
		gen, _, err := wbFileGeneration(frames)
		if err == nil && !bytes.Equal(gen, storedGeneration(btx)) {
			err = errors.New("its generation is not the book's")
		}
		var fileRecs []logRec
		var size int64
		if err == nil {
			fileRecs, size, err = wbFrames(frames, gen)
		}
		if err == nil && size != int64(len(frames)) {
			err = fmt.Errorf("frame at %d damaged", size)
		}
		if err != nil {
			return fmt.Errorf("%w: boltstore: write-behind file %s: %v", store.ErrCorrupt, path, err)
		}
		if _, err := framesOver(fileRecs, uint64(btx.ID()), path); err != nil {
			return err
		}
		if recs, err = mergeLogs(recs, fileRecs); err != nil {
			return err
		}
		// Only with the file: Open verifies before it reads the file,
		// and checks this itself once it has.
		reach, err := storedSequence(btx)
		if err == nil {
			err = recordsReach(recs, reach, path)
		}
		if err != nil {
			return err
		}
	}
	_, err = replayRecords(recs, &wbVersion{b: map[string]wbRuns{}})
	return err
}

// verifyFile makes VerifyStructure's walk of transaction txid over a file
// no bbolt has opened yet, locked by the caller.
func verifyFile(f *os.File, path string, txid uint64) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("boltstore: verify %s: %w", path, err)
	}
	w := &walker{ctx: context.Background(), c: &fileCheck{f: f, path: path, size: fi.Size()}}
	return w.run(txid)
}

// walkDepthMax bounds the depth of a tree walk: a B+tree of pages of at
// least two keys, over a file of at most 2^64 bytes, is far shallower.
const walkDepthMax = 64

// walker walks the pages of one transaction.
type walker struct {
	ctx   context.Context
	c     *fileCheck
	m     meta
	ps    int64
	seen  []bool // per page: reached by the walk
	free  []bool // per page: listed by the freelist
	pages int    // pages read, to check ctx now and then
}

// run checks the pages of transaction txid: meta, then walk.
func (w *walker) run(txid uint64) error {
	if err := w.meta(txid); err != nil {
		return err
	}
	return w.walk()
}

// meta reads the meta page of transaction txid.
func (w *walker) meta(txid uint64) error {
	m0, m1, err := w.c.metas()
	if err != nil {
		return err
	}
	switch {
	case m0.valid() && m0.txid == txid:
		w.m = m0
	case m1.valid() && m1.txid == txid:
		w.m = m1
	case m0.valid() && m0.txid > txid || m1.valid() && m1.txid > txid:
		// Commits came after the transaction began and overwrote its meta
		// page (VerifyStructure reads the pages with no commit under way:
		// this is for a walk begun otherwise).
		return errMetaMoved
	default:
		return w.c.corrupt("no valid meta page records transaction %d, the one open (page 0: %s %d; page 1: %s %d)",
			txid, m0.problem, m0.txid, m1.problem, m1.txid)
	}
	return w.c.checkUse(w.m)
}

// walk reaches every page of the transaction from its meta page.
func (w *walker) walk() error {
	w.ps = int64(w.m.pageSize)
	w.seen = make([]bool, w.m.pgid)
	w.free = make([]bool, w.m.pgid)
	w.seen[0], w.seen[1] = true, true
	if err := w.freelist(); err != nil {
		return err
	}
	if err := w.tree(tree{}, w.m.root, nil, nil, 0); err != nil {
		return err
	}
	if w.m.freelist == noFreelist {
		return nil // every page not reached is free: bbolt rebuilds the list so
	}
	for id := uint64(2); id < w.m.pgid; id++ {
		if !w.seen[id] && !w.free[id] {
			return w.c.corrupt("page %d of transaction %d is neither reached nor free", id, w.m.txid)
		}
	}
	return nil
}

// freelist marks the freelist's pages as reached and the pages it lists
// as free (checkUse validated it).
func (w *walker) freelist() error {
	if w.m.freelist == noFreelist {
		return nil
	}
	p, err := w.c.page(w.m, w.m.freelist, "freelist", flagFreelist)
	if err != nil {
		return err
	}
	for i := uint64(0); i <= uint64(ne.Uint32(p[12:])); i++ {
		w.seen[w.m.freelist+i] = true
	}
	first, count := pageHeaderSize, uint64(ne.Uint16(p[10:]))
	if count == 0xFFFF {
		first, count = pageHeaderSize+8, ne.Uint64(p[pageHeaderSize:])
	}
	for i := uint64(0); i < count; i++ {
		w.free[ne.Uint64(p[first+int(8*i):])] = true
	}
	return nil
}

// tree names the tree a walk is in: the root bucket (the zero value), a
// bucket of the store, or the bucket that holds the large value of a key
// of one alone.
type tree struct {
	bucket string
	alone  []byte // the key whose value the tree holds alone; nil for a bucket
	inline bool   // the tree is a leaf page stored in its parent's value
}

func (t tree) String() string {
	switch {
	case t.bucket == "":
		return "the root bucket"
	case t.alone != nil:
		return fmt.Sprintf("bucket %q, the large value of key %x", t.bucket, t.alone)
	}
	return fmt.Sprintf("bucket %q", t.bucket)
}

// tree walks the tree of bucket rooted at page id, whose keys must lie in
// [lo, hi) (a nil bound is open).
func (w *walker) tree(bucket tree, id uint64, lo, hi []byte, depth int) error {
	if w.pages++; w.pages%1024 == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	where := func(format string, args ...any) error {
		return w.c.corrupt("%s, page %d of transaction %d: %s", bucket, id, w.m.txid, fmt.Sprintf(format, args...))
	}
	switch {
	case depth > walkDepthMax:
		return where("the tree is deeper than %d pages: a loop", walkDepthMax)
	case id < 2 || id >= w.m.pgid:
		return where("a branch leads outside the pages in use (high-water mark %d)", w.m.pgid)
	case w.seen[id]:
		return where("reached twice")
	}
	p, err := w.c.read(int64(id)*w.ps, int(w.ps))
	if err != nil {
		return err
	}
	if len(p) < int(w.ps) {
		return where("the file ends inside it")
	}
	h := p[:pageHeaderSize]
	overflow := uint64(ne.Uint32(h[12:]))
	if hid := ne.Uint64(h); hid != id {
		return where("the page names itself %d", hid)
	}
	if id+overflow >= w.m.pgid {
		return where("%d overflow pages run past the high-water mark %d", overflow, w.m.pgid)
	}
	for i := id; i <= id+overflow; i++ {
		if w.seen[i] || w.free[i] {
			return where("page %d is reached twice or is also free", i)
		}
		w.seen[i] = true
	}
	if overflow > 0 {
		if p, err = w.c.read(int64(id)*w.ps, int((overflow+1)*uint64(w.ps))); err != nil {
			return err
		}
	}
	switch flags := ne.Uint16(h[8:]); flags {
	case flagBranch:
		return w.branch(bucket, p, lo, hi, depth, where)
	case flagLeaf:
		return w.leaf(bucket, p, lo, hi, depth, where)
	default:
		return where("flags %#x: neither a branch nor a leaf", flags)
	}
}

// element returns the key of element i of page p (a leaf's value too),
// checking that they lie inside p.
func element(p []byte, i int, leaf bool) (key, value []byte, flags uint32, child uint64, err error) {
	el := pageHeaderSize + 16*i // both element kinds are 16 bytes
	if el+16 > len(p) {
		return nil, nil, 0, 0, fmt.Errorf("element %d lies past the page's end", i)
	}
	var pos, ksize, vsize uint64
	if leaf { // flags, pos, ksize, vsize uint32
		flags, pos, ksize, vsize = ne.Uint32(p[el:]), uint64(ne.Uint32(p[el+4:])), uint64(ne.Uint32(p[el+8:])), uint64(ne.Uint32(p[el+12:]))
	} else { // pos, ksize uint32, page id uint64
		pos, ksize, child = uint64(ne.Uint32(p[el:])), uint64(ne.Uint32(p[el+4:])), ne.Uint64(p[el+8:])
	}
	k := uint64(el) + pos
	if k+ksize+vsize > uint64(len(p)) {
		return nil, nil, 0, 0, fmt.Errorf("element %d's key or value lies past the page's end", i)
	}
	return p[k : k+ksize], p[k+ksize : k+ksize+vsize], flags, child, nil
}

func (w *walker) branch(bucket tree, p, lo, hi []byte, depth int, where func(string, ...any) error) error {
	count := int(ne.Uint16(p[10:]))
	if count == 0 {
		return where("an empty branch")
	}
	if bucket.alone != nil {
		return where("a branch page in the bucket of one value")
	}
	keys := make([][]byte, count)
	children := make([]uint64, count)
	for i := range count {
		k, _, _, child, err := element(p, i, false)
		if err != nil {
			return where("%v", err)
		}
		if err := order(k, i, keys, lo, hi); err != nil {
			return where("%v", err)
		}
		keys[i], children[i] = k, child
	}
	for i, child := range children {
		next := hi
		if i+1 < count {
			next = keys[i+1]
		}
		if err := w.tree(bucket, child, keys[i], next, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) leaf(bucket tree, p, lo, hi []byte, depth int, where func(string, ...any) error) error {
	count := int(ne.Uint16(p[10:]))
	if bucket.alone != nil && count != 1 {
		return where("%d keys in the bucket of one value", count)
	}
	keys := make([][]byte, count)
	for i := range count {
		k, v, flags, _, err := element(p, i, true)
		if err != nil {
			return where("%v", err)
		}
		if err := order(k, i, keys, lo, hi); err != nil {
			return where("%v", err)
		}
		keys[i] = k
		switch {
		case bucket.inline && flags != 0:
			// bbolt stores a bucket inline only when it holds no bucket,
			// and its walk that rebuilds a freelist the file does not
			// store does not look inside inline buckets: the pages of a
			// bucket inside one would be taken for free and written over.
			return where("key %x (flags %#x) is a bucket, which bbolt never stores in an inline bucket", k, flags)
		case bucket.alone != nil && (flags != 0 || !bytes.Equal(k, aloneKey)):
			return where("key %x (flags %#x) in the bucket of one value, not its value", k, flags)
		case flags == 0:
		case flags != bucketFlag:
			return where("key %x has flags %#x", k, flags)
		case bucket.bucket == "":
			if err := w.bucket(tree{bucket: string(k)}, v, depth, where); err != nil {
				return err
			}
		default: // a large value alone
			if err := w.bucket(tree{bucket: bucket.bucket, alone: k}, v, depth, where); err != nil {
				return err
			}
		}
	}
	return nil
}

// bucketFlag marks a leaf element of the root bucket as a bucket.
const bucketFlag = 0x01

// bucket walks the bucket whose header is v: root page id, sequence, and
// for a small bucket its leaf page inline after them.
func (w *walker) bucket(b tree, v []byte, depth int, where func(string, ...any) error) error {
	const headerSize = 16
	if len(v) < headerSize {
		return where("%s has a header of %d bytes", b, len(v))
	}
	if root := ne.Uint64(v); root != 0 {
		return w.tree(b, root, nil, nil, depth+1)
	}
	inline := v[headerSize:]
	if len(inline) < pageHeaderSize || ne.Uint16(inline[8:]) != flagLeaf {
		return where("%s has a damaged inline page", b)
	}
	inlineWhere := func(format string, args ...any) error {
		return w.c.corrupt("%s, inline in its parent, transaction %d: %s", b, w.m.txid, fmt.Sprintf(format, args...))
	}
	b.inline = true
	return w.leaf(b, inline, nil, nil, depth+1, inlineWhere)
}

// order checks that key i of a page comes after key i-1 and lies in
// [lo, hi).
func order(k []byte, i int, keys [][]byte, lo, hi []byte) error {
	switch {
	case i > 0 && bytes.Compare(keys[i-1], k) >= 0:
		return fmt.Errorf("key %d (%x) does not come after key %d (%x)", i, k, i-1, keys[i-1])
	case i == 0 && lo != nil && bytes.Compare(k, lo) < 0:
		return fmt.Errorf("key %x is below %x, the key of the branch that leads here", k, lo)
	case hi != nil && bytes.Compare(k, hi) >= 0:
		return fmt.Errorf("key %x is not below %x, the key of the next branch", k, hi)
	}
	return nil
}
