package boltstore

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"

	"github.com/lettrage/lettrage/store"
)

// The on-disk layout of a bbolt file, format version 2 (go.etcd.io/bbolt
// v1.5, internal/common/page.go and meta.go). bbolt maps its structs onto
// the file, so integers are in the machine's byte order.
//
// Every page starts with a 16-byte header: id uint64, flags uint16, count
// uint16, overflow uint32 (the pages after it that belong to it). Pages 0
// and 1 are the meta pages; their meta follows the header: magic uint32,
// version uint32, page size uint32, flags uint32, root bucket {root page
// uint64, sequence uint64}, freelist page uint64, high-water page id
// uint64, transaction id uint64, checksum uint64 (FNV-64a of the meta bytes
// before it). A commit writes its meta on page txid % 2; bbolt opens the
// valid meta with the higher transaction id, falling back to the other one
// without a word when the newer fails validation.
const (
	pageHeaderSize = 16
	metaOffRoot    = 16
	metaOffFree    = 32
	metaOffPgid    = 40
	metaOffTxid    = 48
	metaOffSum     = 56 // the checksum covers the meta bytes before it
	metaSize       = 64

	boltMagic   = 0xED0CDAED
	boltVersion = 2

	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagFreelist = 0x10

	noFreelist = ^uint64(0) // the freelist is not stored (bbolt's NoFreelistSync)

	// probeBytes is how much of a meta page is read: bbolt reads this much
	// when it looks for the page size.
	probeBytes = 0x1000
	// pageSizeMin and pageSizeMax bound the page sizes bbolt looks for
	// (1 KiB to 16 MiB).
	pageSizeMin = 1 << 10
	pageSizeMax = 1 << 24
)

var ne = binary.NativeEndian

// cutShort is the problem of a meta page the end of the file cuts.
const cutShort = "cut short by the end of the file"

// meta is one meta page as read from the file.
type meta struct {
	page     int // 0 or 1
	magic    uint32
	version  uint32
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // high-water mark: pages 0 to pgid-1 are in use or free
	txid     uint64
	problem  string // why it fails validation; "" when it passes
	// otherVersion is set for a meta with a valid checksum over another
	// format version: another format, not damage.
	otherVersion bool
	// boltValid is set for a meta bbolt takes for valid: bbolt checks the
	// magic number, version and checksum, not the page size.
	boltValid bool
}

// parseMeta reads the meta of page b (at least pageHeaderSize + metaSize
// bytes) and validates it as bbolt does: magic, version, checksum.
func parseMeta(b []byte, page int) meta {
	if len(b) < pageHeaderSize+metaSize {
		x := meta{page: page, problem: cutShort}
		if len(b) >= pageHeaderSize+4 {
			x.magic = ne.Uint32(b[pageHeaderSize:])
		}
		return x
	}
	m := b[pageHeaderSize : pageHeaderSize+metaSize]
	x := meta{page: page, magic: ne.Uint32(m[0:]), version: ne.Uint32(m[4:]), pageSize: ne.Uint32(m[8:]),
		root: ne.Uint64(m[metaOffRoot:]), freelist: ne.Uint64(m[metaOffFree:]),
		pgid: ne.Uint64(m[metaOffPgid:]), txid: ne.Uint64(m[metaOffTxid:])}
	h := fnv.New64a()
	h.Write(m[:metaOffSum])
	switch {
	case x.magic != boltMagic:
		x.problem = "no bbolt magic number"
	case h.Sum64() != ne.Uint64(m[metaOffSum:]):
		x.problem = "checksum mismatch"
	case x.version != boltVersion:
		x.problem = fmt.Sprintf("format version %d", x.version)
		x.otherVersion = true
	case x.pageSize < pageSizeMin || x.pageSize > pageSizeMax:
		x.problem = fmt.Sprintf("a page size of %d bytes", x.pageSize)
		x.boltValid = true
	default:
		x.boltValid = true
	}
	return x
}

func (m meta) valid() bool { return m.problem == "" }

// used is the number of bytes of the file the meta's transaction uses,
// capped so that a huge high-water mark cannot overflow.
func (m meta) used() uint64 {
	if m.pgid > (1<<63)/uint64(m.pageSize) {
		return 1 << 63
	}
	return m.pgid * uint64(m.pageSize)
}

// fileCheck inspects an open bbolt file before bbolt maps it.
type fileCheck struct {
	f    *os.File
	path string
	size int64
}

func (c *fileCheck) corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: boltstore: %s: %s", store.ErrCorrupt, c.path, fmt.Sprintf(format, args...))
}

// read returns up to n bytes at off, fewer at the end of the file.
func (c *fileCheck) read(off int64, n int) ([]byte, error) {
	if off >= c.size {
		return nil, nil
	}
	n = int(min(int64(n), c.size-off))
	b := make([]byte, n)
	if _, err := c.f.ReadAt(b, off); err != nil && err != io.EOF {
		return nil, fmt.Errorf("boltstore: read %s: %w", c.path, err)
	}
	return b, nil
}

// checkFile returns the meta bbolt will open, and nil when bbolt can open
// the file without reading past its end, without falling back silently to
// an older transaction, and without loading a freelist that hands out
// pages in use. Otherwise it
// returns ErrInvalidFile for a file that is not a bbolt database, or an
// error matching store.ErrCorrupt that says what is damaged (and
// ErrDamagedMeta for a damaged meta page, unless acceptRollback is set).
func checkFile(f *os.File, path string, acceptRollback bool) (meta, bool, error) {
	fi, err := f.Stat()
	if err != nil {
		return meta{}, false, fmt.Errorf("boltstore: %s: %w", path, err)
	}
	c := &fileCheck{f: f, path: path, size: fi.Size()}
	if c.size == 0 {
		return meta{}, false, c.corrupt("the file is empty (0 bytes); Open creates a new database only where no file exists")
	}
	m0, m1, err := c.metas()
	if err != nil {
		return meta{}, false, err
	}
	// A file cut short inside what a valid meta uses is reported as
	// truncated, whatever else is wrong with it.
	for _, m := range []meta{m0, m1} {
		if m.valid() && m.used() > uint64(c.size) {
			return meta{}, false, c.corrupt("the file is %d bytes, shorter than the %d bytes (%d pages of %d) transaction %d uses: it was truncated",
				c.size, m.used(), m.pgid, m.pageSize, m.txid)
		}
	}
	inUse, err := c.pickMeta(m0, m1, acceptRollback)
	if err != nil {
		return meta{}, false, err
	}
	seen, pageSize, ok := boltOpens(m0, m1)
	same := ok && seen.page == inUse.page && pageSize == inUse.pageSize
	if !same && ok && seen.freelist == noFreelist {
		// bbolt would rebuild the freelist of a transaction the checks did
		// not pick, by walking its pages in a goroutine of its own, where
		// a damaged page crashes the process.
		return meta{}, false, c.corrupt("bbolt would open meta page %d (transaction %d, pages of %d bytes), which fails validation (%s), instead of meta page %d (transaction %d), and rebuild its freelist from its pages: restore a backup",
			seen.page, seen.txid, pageSize, seen.problem, inUse.page, inUse.txid)
	}
	return inUse, same, c.checkUse(inUse)
}

// metas reads both meta pages, finding the page size as bbolt does: from
// meta page 0 when it is valid, else by looking for a valid meta page 1 at
// each possible page size.
func (c *fileCheck) metas() (m0, m1 meta, err error) {
	b, err := c.read(0, probeBytes)
	if err != nil {
		return m0, m1, err
	}
	m0 = parseMeta(b, 0)
	if m0.problem == cutShort && m0.magic == boltMagic {
		return m0, m1, c.corrupt("the file is %d bytes, cut inside its first meta page: it was truncated", c.size)
	}
	if m0.valid() {
		if b, err = c.read(int64(m0.pageSize), probeBytes); err != nil {
			return m0, m1, err
		}
		return m0, parseMeta(b, 1), nil
	}
	magic := m0.magic == boltMagic
	m1 = meta{page: 1, problem: "not found at any page size"}
	for ps := int64(pageSizeMin); ps <= pageSizeMax && ps < c.size; ps <<= 1 {
		if b, err = c.read(ps, probeBytes); err != nil {
			return m0, m1, err
		}
		m := parseMeta(b, 1)
		if m.valid() && int64(m.pageSize) == ps {
			return m0, m, nil
		}
		magic = magic || m.magic == boltMagic
	}
	if !magic {
		return m0, m1, fmt.Errorf("%w: %s", ErrInvalidFile, c.path)
	}
	if m0.otherVersion {
		return m0, m1, fmt.Errorf("%w: %s: bbolt %s, this build reads version %d", ErrInvalidFile, c.path, m0.problem, boltVersion)
	}
	return m0, m1, c.corrupt("both meta pages are damaged (page 0: %s; page 1: %s)", m0.problem, m1.problem)
}

// boltOpens returns the meta bbolt opens given meta pages m0 and m1, with
// the page size it reads the file with, and false when bbolt opens none.
// bbolt takes a meta page whose page size is out of range for valid, reads
// the page size from page 0 when it passes, and meta page 1 at that
// offset: with a wrong page size it sees no valid page 1.
func boltOpens(m0, m1 meta) (meta, uint32, bool) {
	var pageSize uint32
	switch {
	case m0.boltValid:
		pageSize = m0.pageSize
	case m1.boltValid:
		pageSize = m1.pageSize
	default:
		return meta{}, 0, false
	}
	valid1 := m1.boltValid && m1.pageSize == pageSize
	switch {
	case m0.boltValid && valid1 && m1.txid > m0.txid, !m0.boltValid:
		return m1, pageSize, valid1
	}
	return m0, pageSize, true
}

// pickMeta returns the meta bbolt would open, or an error when one of the
// two fails validation (unless acceptRollback) or they disagree.
func (c *fileCheck) pickMeta(m0, m1 meta, acceptRollback bool) (meta, error) {
	for _, m := range []meta{m0, m1} {
		if !m.otherVersion {
			continue
		}
		return meta{}, fmt.Errorf("%w: %s: meta page %d is bbolt %s, this build reads version %d",
			ErrInvalidFile, c.path, m.page, m.problem, boltVersion)
	}
	if m0.valid() && m1.valid() {
		switch {
		case m0.pageSize != m1.pageSize:
			return meta{}, c.corrupt("the meta pages disagree on the page size (%d and %d bytes)", m0.pageSize, m1.pageSize)
		case m0.txid == m1.txid:
			return meta{}, c.corrupt("both meta pages record transaction %d", m0.txid)
		case m1.txid > m0.txid:
			return m1, nil
		}
		return m0, nil
	}
	good, bad := m0, m1
	if !m0.valid() {
		good, bad = m1, m0
	}
	if acceptRollback {
		return good, nil
	}
	var lost string
	switch {
	case bad.magic == boltMagic && bad.txid == good.txid+1:
		lost = fmt.Sprintf("it records transaction %d, the last committed, which would be lost", bad.txid)
	case bad.magic == boltMagic && bad.txid+1 == good.txid:
		lost = fmt.Sprintf("it is the older one (transaction %d): no commit is lost, but the file was altered", bad.txid)
	default:
		lost = fmt.Sprintf("it may have recorded transaction %d, which would be lost", good.txid+1)
	}
	return meta{}, fmt.Errorf("%w: %w: %s: meta page %d fails validation (%s); %s: restore a backup, or open with Options.AcceptRollback to accept transaction %d (meta page %d)",
		store.ErrCorrupt, ErrDamagedMeta, c.path, bad.page, bad.problem, lost, good.txid, good.page)
}

// checkUse checks what the meta in use points to: the file holds every
// page up to its high-water mark, and the root and freelist pages are what
// it says. bbolt reads both at open; a truncated file would make it fault
// on its memory map, and a damaged freelist would hand out pages in use.
func (c *fileCheck) checkUse(m meta) error {
	if m.pgid < 4 || m.root < 2 || m.root >= m.pgid || m.freelist < 2 || (m.freelist >= m.pgid && m.freelist != noFreelist) {
		return c.corrupt("meta page %d (transaction %d) points outside the file: root page %d, freelist page %d, high-water mark %d",
			m.page, m.txid, m.root, m.freelist, m.pgid)
	}
	if _, err := c.page(m, m.root, "root", flagBranch, flagLeaf); err != nil {
		return err
	}
	if m.freelist == noFreelist {
		return nil
	}
	return c.checkFreelist(m)
}

// page reads the header of page id, checks that it names itself, has one
// of the flags given and ends below the high-water mark, and returns the
// page's bytes with its overflow pages.
func (c *fileCheck) page(m meta, id uint64, what string, flags ...uint16) ([]byte, error) {
	ps := int64(m.pageSize)
	h, err := c.read(int64(id)*ps, pageHeaderSize)
	if err != nil {
		return nil, err
	}
	if len(h) < pageHeaderSize { // the file shrank under the transaction
		return nil, c.corrupt("the %s page %d of transaction %d lies past the end of the file (%d bytes)", what, id, m.txid, c.size)
	}
	hid, hflags, overflow := ne.Uint64(h), ne.Uint16(h[8:]), ne.Uint32(h[12:])
	if hid != id || (hflags != flags[0] && (len(flags) == 1 || hflags != flags[1])) {
		return nil, c.corrupt("the %s page %d of transaction %d has a damaged header (page %d, flags %#x)", what, id, m.txid, hid, hflags)
	}
	if id+uint64(overflow) >= m.pgid {
		return nil, c.corrupt("the %s page %d of transaction %d runs past the high-water mark (%d overflow pages)", what, id, m.txid, overflow)
	}
	return c.read(int64(id)*ps, int(int64(overflow+1)*ps))
}

// checkFreelist checks that the freelist page lists page ids in ascending
// order, each between the meta pages and the high-water mark, none of them
// the root or the freelist itself: what bbolt writes.
func (c *fileCheck) checkFreelist(m meta) error {
	p, err := c.page(m, m.freelist, "freelist", flagFreelist)
	if err != nil {
		return err
	}
	overflow := uint64(ne.Uint32(p[12:]))
	first, count := pageHeaderSize, uint64(ne.Uint16(p[10:]))
	if count == 0xFFFF { // more than 64k ids: the first holds the count
		first, count = pageHeaderSize+8, ne.Uint64(p[pageHeaderSize:])
	}
	if count > uint64(len(p)-first)/8 {
		return c.corrupt("the freelist page %d of transaction %d claims %d ids, more than it holds", m.freelist, m.txid, count)
	}
	prev := uint64(1)
	for i := uint64(0); i < count; i++ {
		id := ne.Uint64(p[first+int(8*i):])
		if id <= prev || id >= m.pgid || id == m.root || (id >= m.freelist && id <= m.freelist+overflow) {
			return c.corrupt("the freelist page %d of transaction %d lists page %d, which cannot be free", m.freelist, m.txid, id)
		}
		prev = id
	}
	return nil
}
