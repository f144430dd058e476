// Package boltstore is the embedded default store.Store, on bbolt: one file
// (two while a DB with Options.WriteBehind is open), each committed Update
// durable on disk (fsync) before it returns unless NoSync is set.
//
// # Damaged files
//
// Open checks the file before bbolt maps it: its size against what its meta
// pages say, both meta pages, the root and freelist pages. A file truncated
// inside its used part, a damaged meta page (bbolt would silently open the
// previous transaction instead) or an empty file is refused with an error
// matching store.ErrCorrupt; a foreign file with ErrInvalidFile. A path
// where no file exists gets a new database, written whole under a temporary
// name and then linked into place, so that a crash never leaves an empty or
// half-written file behind. Pages damaged elsewhere make bbolt panic or
// fault when a transaction reads them: View, Update and the Tx methods turn
// that into an error matching store.ErrCorrupt. A damaged page can also
// send lookups astray while scans still see every key: DB.VerifyStructure
// reads every page and checks how they link (a ledger's Check runs it).
//
// # Large values
//
// bbolt writes a leaf page whole, with the overflow pages of a large value
// in it, whenever any key of that leaf changes. A value of a page (4 KiB)
// or more is therefore stored alone: under its key the bucket holds a
// bucket of its own (bbolt's nested bucket) whose one key, "v", holds the
// value, so that writes to the keys beside it rewrite a 16-byte bucket
// header instead of the value. Get and Scan give the value; Put and Delete
// replace or remove the bucket. On a ledger this is what keeps lettering
// cheap once the book holds the operation records of large runs (half a
// megabyte each, among operation ids in random order): before, every later
// lettering whose operation id landed in the leaf of one wrote it again.
// A file holding a value stored alone is refused by earlier versions of
// this package (their verification finds a bucket inside a bucket).
//
// # The freelist
//
// bbolt keeps the list of its free pages in the file, and writes it whole
// at every commit. A DB leaves it out of its commits and stores it once,
// at Close: on a book whose indexes are brought up in bulk, the list holds
// thousands of pages the last bulk write replaced, and writing it was
// more than half of what a small commit wrote. A file last written by a
// process that ended without Close has no list: Open verifies the whole
// file first (unless Options.NoVerify), then bbolt rebuilds the list from
// a walk of every page (about a quarter of a second for a million journal
// lines). Should a commit fail (a full disk, an I/O error), bbolt rebuilds
// it the same way before the next one; a page damaged since Open then
// stops the process in that walk (bbolt runs it in a goroutine of its own)
// instead of returning an error, where it would have read the stored
// list: the file itself is left as the last commit wrote it.
//
// # Write-behind
//
// With Options.WriteBehind, the writes a small Update makes to the buckets
// its caller hints as deferred (store.DeferHinter; a ledger hints its
// lettering state) are not written to their trees: the Update appends them
// as one record (deflated, with a checksum Open verifies) to a log, and
// keeps them in memory, an overlay every later transaction reads before
// the trees. An Update that writes nothing else appends its record to the
// book's write-behind file (the book's path followed by WBFileSuffix),
// synced before Update returns, and bbolt commits nothing: a record of
// two pages costs two pages, where a bbolt commit of it writes five or
// more. An Update that writes other buckets too puts its record in a log
// bucket (a name no caller's bucket can have) of its own commit. Either way
// the record is as durable as any write. A View sees the trees and the
// overlay of one commit. The overlay reaches the trees, in key order, in
// the commit that would take it past Options.WriteBehindMax writes, in an
// Update that writes a couple of thousand keys or more (it writes
// through), at Compact, at Backup and at Close, which also remove the
// write-behind file; Open replays the log bucket and the file. Lettering a
// customer on a book of a million lines writes some 9.5 pages a call this
// way, against some 40 written through (each of nine trees' leaf and
// branch pages), at the cost of a merge on every read of those buckets and
// of memory for each write the log holds: its key and value and some 75
// bytes more (150 bytes for a line's lettering state). A short-lived
// process (a command-line call) gains nothing: Close applies the log at
// once. A file with a log opened without the option has it applied at
// Open; versions of this package before write-behind would not read it,
// and Close leaves none.
//
// While such a DB is open, or after its process ended without Close, the
// book is two files: copy both (or use Backup, which writes one file that
// holds everything). The write-behind file names a generation the book
// stores; Open removes a file of another generation (one beside a backup
// restored in the book's place holds nothing the backup lacks). It refuses
// a book whose file is missing or of another state of the book (unless
// Options.AcceptRollback, which goes on without it), one whose file holds
// a record written over a later state than the book file's (the two
// copied at different moments; Options.AcceptRollback drops those
// records), one whose file ends before a record that a later commit of
// the book file came after (the file copied before the book file, or
// restored from an earlier backup: restore both from one backup;
// Options.AcceptRollback goes on without the records missing), and any
// gap in the records. A crash in the middle of a
// record's write leaves a frame cut short or with sectors the disk never
// wrote: that commit had not returned, and Open cuts it off. A DB whose
// file could not be written or synced, or one of whose commits failed
// after bbolt wrote its meta page while it had the file, refuses every
// later Update and Backup: open the book again.
//
// # Caveats
//
// One process at a time may open a file for writing (bbolt takes an
// exclusive lock; Open gives up after Options.Timeout with ErrLocked);
// any number may open it with Options.ReadOnly (a shared lock) while none
// has it open for writing. Growing the memory
// map waits for open read transactions, so never hold a View open while
// waiting on an Update of the same store once the file outgrows
// Options.InitialMmapSize: the ledger's iterators page through short
// transactions for this reason. Once a write transaction meets a damaged
// page, every later Update returns that error without writing: a commit on
// top of a damaged tree could spread the damage. Reads go on. Restore a
// backup (DB.Backup writes one while writers run).
package boltstore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lettrage/lettrage/store"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Options configure Open. The zero value is durable with a 1 s lock timeout.
type Options struct {
	// NoSync skips fsync on commit: faster, and a crash may lose the last
	// commits. Never set it for real books.
	NoSync bool
	// Timeout bounds the wait for the file lock; 0 means one second.
	Timeout time.Duration
	// FillPercent is how full bbolt packs a page when it splits it, in the
	// buckets not hinted as append-ordered (see HintAppend); 0 means
	// DefaultFillPercent. Hinted buckets are packed at AppendFillPercent.
	FillPercent float64 // float ok: a page fill ratio, not money
	// InitialMmapSize is the address space mapped at open, in bytes; 0 means
	// DefaultMmapSize. While the file fits in it, a commit never waits for
	// open read transactions to remap.
	InitialMmapSize int
	// AcceptRollback opens a file one of whose two meta pages is damaged, at
	// the state the other one records, instead of returning ErrDamagedMeta.
	// The transaction the damaged page recorded, when it was the newer, is
	// then lost for good: the next commit writes over that page. Set it only
	// to rescue a file no backup can replace, after reading the error, which
	// names the transaction lost. It also opens a book whose write-behind
	// file (see WriteBehind) is missing or of another state of the book,
	// without the commits that file held, and drops the file's records
	// written over a transaction the book file does not hold; a book
	// whose write-behind file ends before records its book file's later
	// commits came after opens without them, its log applied at once.
	// Every other damage is still refused.
	AcceptRollback bool
	// NoVerify skips VerifyStructure at open. By default Open reads every
	// page of the file once and refuses a file whose trees or freelist are
	// damaged, before anything is written to it: a damaged branch key
	// hides a key from lookups (an entry retried would post twice), a
	// damaged freelist hands out pages in use (the next commits would write
	// over acknowledged entries). The read costs about what reading the
	// file costs: a quarter to half a second per 100 000 ledger entries,
	// warm, on two cores. Set NoVerify only for a file verified since its
	// last write, or a throwaway one: a damaged file whose last commit did
	// not store its freelist (its process ended without Close) can stop
	// the process at open, in the walk by which bbolt rebuilds the list.
	NoVerify bool
	// WriteBehind logs the writes of each small Update to the buckets the
	// caller hints as deferred (HintDeferred; a ledger.Book hints its
	// lettering state) as one record, and keeps them in memory, where
	// every read sees them; they reach their buckets, in key order and
	// many commits at once, when the log holds WriteBehindMax writes, when
	// an Update writes more than a couple of thousand keys, at Compact, at
	// Backup and at Close. A commit is as durable as without it: its
	// record is synced before Update returns, to the write-behind file
	// beside the book (path + WBFileSuffix) when it writes nothing else,
	// and Open replays the log. Lettering a customer then writes a few
	// pages a commit instead of some forty, for memory of each write's key
	// and value and some 75 bytes more while the log holds it. A file
	// opened without the option applies a log it finds at Open.
	WriteBehind bool
	// WriteBehindMax is how many writes the log holds before the Update
	// that would exceed it applies them; 0 means DefaultWriteBehindMax.
	WriteBehindMax int
	// ReadOnly opens the file for reading only, under a shared lock: any
	// number of read-only DBs, in as many processes, may have the file
	// open together, and a DB opened for writing waits for them all to
	// close (Timeout, then ErrLocked), as they wait for it. Update, and
	// Backup's compaction, return an error matching store.ErrReadOnly and
	// write nothing; Close writes nothing either. The file must exist.
	// Open refuses a file whose write-behind log holds commits not yet
	// applied (ErrPendingLog): reading it without them would be reading
	// an older book, and applying them is a write. WriteBehind is ignored.
	ReadOnly bool
}

// DefaultFillPercent is how full pages are packed when they split in a
// bucket not hinted as append-ordered, whose keys land anywhere (an index
// by partner, by line of an older entry, counters). Packed full, such a
// page splits into a full page and a nearly empty one at the next insert in
// its middle, and the empty ones pile up: measured on a ledger, pages of
// such buckets ended 14 to 40 % full. 0.7 left the least disk used on the
// ledger's workloads, 0.5 (bbolt's default) and 0.6 a little more.
const DefaultFillPercent = 0.7 // float ok: a page fill ratio

// AppendFillPercent is how full pages are packed when they split in a
// bucket hinted as append-ordered: its new keys go after the stored ones,
// so a split page is never written again and may as well be full.
const AppendFillPercent = 1.0 // float ok: a page fill ratio

// DefaultMmapSize is the address space mapped at open when
// Options.InitialMmapSize is 0: virtual memory only, not resident.
const DefaultMmapSize = 256 << 20

// DB is a bbolt-backed store.Store.
type DB struct {
	db       *bolt.DB
	path     string
	opts     Options
	pageSize int // bbolt's: values this long or longer are stored alone

	hintMu sync.Mutex // serializes HintAppend and HintDeferred
	// commitMu is held by Update around bbolt's write transaction (bbolt
	// runs one at a time anyway), so that VerifyStructure can begin its
	// read transaction and read the meta pages from the file while no
	// commit is writing them.
	commitMu sync.Mutex
	appended atomic.Pointer[map[string]bool] // append-ordered buckets, replaced whole
	broken   atomic.Pointer[error]           // the damage a write transaction met
	// closing is set by Close: an Update that takes the writer's turn
	// after it is refused (store.ErrClosed), so that the compaction Close
	// makes is the file's last commit of data and no log is left.
	closing atomic.Bool
	closed  atomic.Bool // Close has begun: a second Close does nothing, SizeOnDisk is ErrClosed
	// listLeftOut is set when the file's last commit left the freelist
	// out: by a commit since Open, or by the process that wrote the file
	// last. Close then stores it.
	listLeftOut atomic.Bool

	// Write-behind (see writebehind.go): deferred are the buckets hinted
	// (replaced whole, only ever grown), wbHead the newest overlay
	// version, wbSeq the next log key (under commitMu).
	deferred atomic.Pointer[map[string]bool]
	wbMax    int
	wbHead   atomic.Pointer[wbVersion]
	wbSeq    uint64
	// wbFile is the write-behind file (see wbfile.go), nil until a
	// commit creates it and after a compaction; gen is the file's
	// generation stored in bbolt (nil: none); wbFileFailed that a file
	// could not be created. All under commitMu.
	wbFile       *wbFile
	gen          []byte
	wbFileFailed bool
	// wbSeqBolt is the sequence bbolt's last commit requires Open to
	// find the records reaching (wbSeqKey, or its log's last record):
	// the first bbolt commit after frames beyond it records wbSeq.
	wbSeqBolt uint64

	wbRecords, wbRecordBytes, wbCompactions, wbCompacted atomic.Int64
}

var (
	_ store.Store        = (*DB)(nil)
	_ store.Syncer       = (*DB)(nil)
	_ store.Sizer        = (*DB)(nil)
	_ store.AppendHinter = (*DB)(nil)
	_ store.Backuper     = (*DB)(nil)
	_ store.Verifier     = (*DB)(nil)
	_ store.DeferHinter  = (*DB)(nil)
)

// Open opens the bbolt file at path, or creates it when no file exists
// there. It returns ErrInvalidFile for a file that is not a bbolt database,
// an error matching store.ErrCorrupt for a damaged one (and ErrDamagedMeta
// when a meta page is damaged, see Options.AcceptRollback), and ErrLocked
// when another process holds it. Unless Options.NoVerify is set, it
// verifies the whole file first (VerifyStructure).
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	if opts.InitialMmapSize == 0 {
		opts.InitialMmapSize = DefaultMmapSize
	}
	if opts.FillPercent == 0 {
		opts.FillPercent = DefaultFillPercent
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && opts.ReadOnly:
		return nil, fmt.Errorf("boltstore: open %s read-only: %w", path, err)
	case errors.Is(err, fs.ErrNotExist):
		if err := create(path, opts.Timeout); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("boltstore: open %s: not a regular file", path)
	}
	if opts.ReadOnly {
		opts.WriteBehind = false
	}
	o := &opener{timeout: opts.Timeout, acceptRollback: opts.AcceptRollback, verify: !opts.NoVerify, shared: opts.ReadOnly}
	// Commits leave bbolt's freelist out (NoFreelistSync), and Close
	// stores it: bbolt would otherwise write the whole list, every free
	// page id, at every commit, and a book whose indexes are brought up in
	// bulk keeps thousands of free pages (the pages the last catch-up
	// replaced): 24 pages of list at every commit of a 1M-line book,
	// where lettering a customer writes about 18 of its own. A file whose
	// last commit left the list out (the process ended without Close) is
	// opened by rebuilding it from a walk of the whole file, about a
	// quarter of a second for that book, which openFile makes safe by
	// verifying every page first.
	bdb, err := o.open(path, &bolt.Options{Timeout: opts.Timeout, NoSync: opts.NoSync,
		InitialMmapSize: opts.InitialMmapSize, OpenFile: o.openFile, NoFreelistSync: true, ReadOnly: opts.ReadOnly})
	switch {
	case err == nil:
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch),
		errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrInvalidMapping):
		// The file passed the check, so bbolt found damage the check does
		// not look for.
		return nil, fmt.Errorf("%w: boltstore: %s: %v", store.ErrCorrupt, path, err)
	default:
		return nil, err
	}
	d := &DB{db: bdb, path: path, opts: opts, pageSize: bdb.Info().PageSize}
	d.appended.Store(&map[string]bool{})
	d.listLeftOut.Store(o.listLeftOut)
	d.wbHead.Store(wbEmpty)
	if !opts.NoVerify && !o.verified {
		if err := d.VerifyStructure(context.Background()); err != nil {
			bdb.Close()
			return nil, err
		}
	}
	if err := d.openWriteBehind(); err != nil {
		if d.wbFile != nil {
			d.wbFile.f.Close()
		}
		bdb.Close()
		return nil, err
	}
	return d, nil
}

// opener opens the file for bbolt (bolt.Options.OpenFile) and checks it
// under bbolt's lock before bbolt reads a byte of it.
type opener struct {
	timeout        time.Duration
	acceptRollback bool
	verify         bool     // Options.NoVerify unset
	verified       bool     // openFile verified the whole file (VerifyStructure's walk)
	shared         bool     // Options.ReadOnly: the shared lock, not the exclusive one
	listLeftOut    bool     // the meta bbolt opens stored no freelist
	file           *os.File // the file bbolt opened, once it did
}

func (o *opener) openFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	if o.file != nil { // bbolt opens the file again only to copy it
		return os.OpenFile(name, flag, perm)
	}
	// Never create here: Open creates a missing file whole beforehand, and
	// one removed since must not come back empty.
	f, err := os.OpenFile(name, flag&^os.O_CREATE, perm)
	if err != nil {
		return nil, fmt.Errorf("boltstore: open %s: %w", name, err)
	}
	if err := lock(f, o.timeout, !o.shared); err != nil {
		f.Close()
		return nil, err
	}
	// The file and its lock go with an error, and with a panic of the
	// check, which open recovers.
	defer func() {
		if r := recover(); r != nil {
			f.Close()
			panic(r)
		}
	}()
	m, same, err := checkFile(f, name, o.acceptRollback)
	if err != nil {
		f.Close()
		return nil, err
	}
	if m.freelist == noFreelist {
		o.listLeftOut = same
		// bbolt rebuilds a freelist the last commit left out by walking
		// every page, in a goroutine of its own where a damaged page
		// would crash the process: the same walk is made here first,
		// where damage is an error, over the transaction bbolt opens.
		if !o.verify || !same {
			// Not same: bbolt opens another transaction, one that stored
			// its freelist (checkFile refused the others).
			o.file = f
			return f, nil
		}
		if err := verifyFile(f, name, m.txid); err != nil {
			f.Close()
			return nil, err
		}
		o.verified = true
	}
	o.file = f
	return f, nil
}

// open runs bolt.Open. Should bbolt still panic or fault on a page the
// check did not read, that becomes an error matching store.ErrCorrupt, and
// the file is closed so that its lock goes with it (bbolt's memory map of
// it is lost until the process ends).
func (o *opener) open(path string, bo *bolt.Options) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if o.file != nil {
				o.file.Close()
			}
			db, err = nil, fmt.Errorf("%w: boltstore: %s: bbolt failed reading it: %v", store.ErrCorrupt, path, r)
		}
	}()
	return bolt.Open(path, 0o600, bo)
}

// create writes a new, empty bbolt file at path: bbolt initialises it under
// a temporary name in the same directory, and it is then linked to path,
// so that path never names an empty or half-written file, and a file
// another process created there meanwhile is kept (and opened).
func create(path string, timeout time.Duration) error {
	dir, base := filepath.Split(path)
	tmp, err := os.CreateTemp(dir, "."+base+".new-*")
	if err != nil {
		return fmt.Errorf("boltstore: create %s: %w", path, err)
	}
	name := tmp.Name()
	defer os.Remove(name)
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("boltstore: create %s: %w", path, err)
	}
	bdb, err := bolt.Open(name, 0o600, &bolt.Options{Timeout: timeout}) // writes and syncs both meta pages
	if err != nil {
		return fmt.Errorf("boltstore: create %s: %w", path, err)
	}
	if err := bdb.Close(); err != nil {
		return fmt.Errorf("boltstore: create %s: %w", path, err)
	}
	if err := os.Link(name, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil
		}
		// A file system without hard links: rename, unless a file appeared.
		if _, serr := os.Stat(path); serr == nil {
			return nil
		}
		if err := os.Rename(name, path); err != nil {
			return fmt.Errorf("boltstore: create %s: %w", path, err)
		}
	}
	return syncDir(dir)
}

// syncDir makes a new directory entry durable.
func syncDir(dir string) error {
	if dir == "" {
		dir = "."
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("boltstore: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("boltstore: sync %s: %w", dir, err)
	}
	return nil
}

// Bolt returns the underlying bbolt database, for benchmarks and tools.
func (d *DB) Bolt() *bolt.DB { return d.db }

// Durable reports whether each commit is fsynced before Update returns.
func (d *DB) Durable() bool { return !d.db.NoSync }

// SizeOnDisk returns the file's size in bytes, and its write-behind
// file's if it has one.
func (d *DB) SizeOnDisk() (int64, error) {
	if d.closed.Load() {
		return 0, fmt.Errorf("%w: boltstore: %s", store.ErrClosed, d.path)
	}
	fi, err := os.Stat(d.path)
	if err != nil {
		return 0, err
	}
	n := fi.Size()
	if wfi, err := os.Stat(d.path + WBFileSuffix); err == nil {
		n += wfi.Size()
	}
	return n, nil
}

// HintAppend implements store.AppendHinter: pages of the buckets named are
// packed at AppendFillPercent when they split, those of the others at
// Options.FillPercent.
func (d *DB) HintAppend(buckets ...[]byte) { d.hint(&d.appended, buckets) }

// hint adds buckets to the set of bucket names set holds, replaced whole
// so that a transaction reads the set it began with without a lock.
func (d *DB) hint(set *atomic.Pointer[map[string]bool], buckets [][]byte) {
	d.hintMu.Lock()
	defer d.hintMu.Unlock()
	m := maps.Clone(*set.Load())
	if m == nil {
		m = map[string]bool{}
	}
	for _, b := range buckets {
		m[string(b)] = true
	}
	set.Store(&m)
}

// View implements store.Store.
func (d *DB) View(ctx context.Context, fn func(store.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var t *tx
	defer func() {
		if t != nil && t.callerPanicked {
			return // fn's own panic, on its way up untouched
		}
		if r := recover(); r != nil {
			err = d.damage(r)
		}
	}()
	for {
		err = d.db.View(func(btx *bolt.Tx) error {
			ov := d.wbAt(btx.ID())
			if ov == nil {
				return errWBRetry
			}
			t = &tx{db: d, btx: btx, ov: ov}
			return t.run(fn)
		})
		if err != errWBRetry || t != nil {
			return mapErr(err)
		}
	}
}

// Update implements store.Store.
func (d *DB) Update(ctx context.Context, fn func(store.Tx) error) (err error) {
	return d.update(ctx, fn, false, nil)
}

// update is Update; closing lets Close's own compaction through; then,
// when not nil, runs after a successful end, in the writer's turn.
func (d *DB) update(ctx context.Context, fn func(store.Tx) error, closing bool, then func()) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	if broken := d.broken.Load(); broken != nil {
		return *broken
	}
	if d.opts.ReadOnly {
		if d.closing.Load() {
			return store.ErrClosed
		}
		return d.readOnlyErr()
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var t *tx
	defer func() {
		if t != nil && t.callerPanicked {
			return
		}
		if r := recover(); r != nil { // bbolt's commit met a damaged page
			damage := d.damage(r)
			d.broken.CompareAndSwap(nil, &damage)
			err = damage
		} else if t != nil && t.err != nil {
			d.broken.CompareAndSwap(nil, &t.err)
		}
	}()
	d.commitMu.Lock()
	defer d.commitMu.Unlock()
	if d.closing.Load() && !closing {
		return store.ErrClosed
	}
	// The transaction is run by hand rather than by bbolt's Update, which
	// rolls back a transaction whose function panicked as it does a
	// failed commit: by rebuilding the freelist, which the file does not
	// store (see Open), from a walk of the whole file. Nothing was written
	// yet: bbolt's plain Rollback forgets the transaction's pages.
	btx, err := d.db.Begin(true)
	if err != nil {
		return mapErr(err)
	}
	defer func() {
		if btx.DB() != nil { // neither committed nor rolled back: a panic
			_ = btx.Rollback()
			t.dropNewFile()
		}
	}()
	t = &tx{db: d, btx: btx, appended: *d.appended.Load(), ov: d.wbHead.Load(), deferred: *d.deferred.Load()}
	if len(t.deferred) == 0 {
		t.deferred = nil
	}
	if err := t.run(fn); err != nil {
		_ = btx.Rollback()
		return mapErr(err)
	}
	if t.err != nil {
		_ = btx.Rollback()
		return t.err // fn met damage and went on: never commit
	}
	if err := ctx.Err(); err != nil {
		_ = btx.Rollback()
		return err
	}
	pub, err := t.wbCommit()
	if err != nil {
		_ = btx.Rollback()
		return mapErr(err)
	}
	if pub != nil && !t.through {
		if d.wbFile != nil && !t.wrote {
			// Nothing but deferred writes: the record goes to the
			// write-behind file, and bbolt commits nothing.
			if err := d.wbFile.append(d.wbSeq, uint64(btx.ID()-1), t.rec, !d.opts.NoSync); err != nil {
				_ = btx.Rollback()
				if errors.Is(err, errWBFileBroken) {
					d.broken.CompareAndSwap(nil, &err)
				}
				return err
			}
			pub.txid = btx.ID() - 1 // over the last commit's snapshot
			d.publish(pub)
			_ = btx.Rollback()
			d.recorded(t)
			if then != nil {
				then()
			}
			return nil
		}
		if err := t.logRecord(); err != nil {
			_ = btx.Rollback()
			t.dropNewFile()
			return mapErr(err)
		}
	}
	if pub == nil && !t.wrote {
		// Nothing to write: a commit would still write a meta page, and
		// at Close the freelist, to a file whose content is unchanged.
		if err := mapErr(btx.Rollback()); err != nil {
			return err
		}
		if then != nil {
			then()
		}
		return nil
	}
	if pub == nil && d.wbFile != nil && d.wbSeq > d.wbSeqBolt {
		// The first bbolt commit after frames of the file: it records
		// the sequence they reached, so that a file older than this
		// commit (copied before it) is told from a crash, which cuts
		// only frames written after it. A commit that logs a record, or
		// compacts, needs none.
		if err := t.bput(wbGen, wbSeqKey, binary.BigEndian.AppendUint64(nil, d.wbSeq)); err != nil {
			_ = btx.Rollback()
			return mapErr(err)
		}
	}
	var was *wbVersion
	if pub != nil {
		was = d.wbHead.Load()
		d.publish(pub) // before the commit: readers of older snapshots skip it
	}
	txid := btx.ID()
	if err := btx.Commit(); err != nil { // a failed commit rolls back itself
		if pub != nil {
			d.wbHead.Store(was)
		}
		if (d.wbFile != nil || t.newFile != nil) && d.metaRecords(txid) {
			// bbolt wrote the commit's meta page before it failed: the
			// file holds the commit until the next one overwrites it,
			// and frames appended now could be read over either state
			// (a compaction that dropped the generation, a record that
			// took this sequence). No more writes: Open reads whichever
			// state the file holds.
			broken := fmt.Errorf("%w (a commit failed after its meta page was written: %v)", errWBFileBroken, err)
			d.broken.CompareAndSwap(nil, &broken)
		}
		t.dropNewFile()
		return mapErr(err)
	}
	if pub != nil && !t.through {
		d.recorded(t)
	}
	if t.through {
		d.wbCompactions.Add(1)
		d.wbCompacted.Add(int64(t.compacted))
	}
	d.listLeftOut.Store(true)
	d.wbSeqBolt = d.wbSeq
	d.wbFileCommitted(t)
	if then != nil {
		then()
	}
	return nil
}

// metaRecords reports whether a meta page of the file (as the OS holds
// it) records transaction txid, or cannot be read. bbolt writes the meta
// page last: a commit that failed before it left the file's state as it
// was.
func (d *DB) metaRecords(txid int) bool {
	f, err := os.Open(d.path)
	if err != nil {
		return true
	}
	defer f.Close()
	var b [8]byte
	for i := range 2 {
		// The meta's txid: after the page header (16 bytes), magic,
		// version, page size, flags (4 each), root bucket (16),
		// freelist and high-water mark (8 each).
		if _, err := f.ReadAt(b[:], int64(i*d.pageSize+64)); err != nil || binary.NativeEndian.Uint64(b[:]) == uint64(txid) {
			return true
		}
	}
	return false
}

// recorded counts the record t logged.
func (d *DB) recorded(t *tx) {
	d.wbSeq++
	d.wbRecords.Add(1)
	d.wbRecordBytes.Add(int64(len(t.rec)))
}

// wbFileCommitted adopts or removes the write-behind file once the bbolt
// commit of t stored or dropped its generation.
func (d *DB) wbFileCommitted(t *tx) {
	if t.dropGen {
		d.gen = nil
		if d.wbFile != nil {
			_ = d.wbFile.remove() // one left is of a generation gone: Open removes it
			d.wbFile = nil
		}
	}
	if t.newFile != nil {
		d.gen = t.newFile.gen
		d.wbFile, t.newFile = t.newFile, nil
	}
}

// dropNewFile closes the write-behind file t created for a generation its
// commit did not store: a file of a generation the book does not hold,
// which the next one created replaces and Open removes.
func (t *tx) dropNewFile() {
	if t != nil && t.newFile != nil {
		t.newFile.f.Close()
		t.newFile = nil
	}
}

// Close implements store.Store. When this DB committed since Open, or
// opened a file whose last commit left the freelist out, Close first
// commits once more, with nothing but bbolt's freelist, which the other
// commits leave out (see Open): the next Open then reads the list instead
// of walking the whole file to rebuild it. Before, it applies the writes
// the write-behind log holds to their buckets (Compact), so that a file
// closed holds no log. A DB that met damage closes without either. An
// Update running when Close is called ends first; one that has not begun
// its writer's turn by then returns store.ErrClosed.
func (d *DB) Close() error {
	if d.closed.Swap(true) {
		return nil // closed already: nothing to do (store.Store.Close)
	}
	var ferr error
	// From here an Update that has not begun is refused; one running
	// ends (its writer's turn is waited for) before the compaction looks
	// at the log.
	d.closing.Store(true)
	d.waitWriter()
	if d.opts.ReadOnly {
		return mapErr(d.db.Close())
	}
	if d.broken.Load() == nil {
		if d.gen != nil {
			ferr = d.forceCompact(context.Background(), true)
		} else {
			ferr = d.compact(context.Background(), true)
		}
	}
	if d.listLeftOut.Swap(false) && d.broken.Load() == nil && ferr == nil {
		ferr = d.storeFreelist()
	}
	if d.wbFile != nil { // not removed: the DB met damage, or the compaction failed
		d.wbFile.f.Close()
		d.wbFile = nil
	}
	if err := mapErr(d.db.Close()); err != nil {
		return err
	}
	return ferr
}

// readOnlyErr is what a write to a DB opened with Options.ReadOnly gets.
func (d *DB) readOnlyErr() error {
	return fmt.Errorf("%w: boltstore: %s was opened read-only", store.ErrReadOnly, d.path)
}

// waitWriter returns once the Update holding the writer's turn, if any,
// has ended.
func (d *DB) waitWriter() {
	d.commitMu.Lock()
	defer d.commitMu.Unlock()
}

// storeFreelist commits bbolt's freelist and nothing else.
func (d *DB) storeFreelist() (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = d.damage(r)
		}
	}()
	d.commitMu.Lock()
	defer d.commitMu.Unlock()
	d.db.NoFreelistSync = false
	defer func() { d.db.NoFreelistSync = true }()
	return mapErr(d.db.Update(func(*bolt.Tx) error { return nil }))
}

func mapErr(err error) error {
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return store.ErrClosed
	}
	return err
}

// damage turns what bbolt panicked with on a damaged page into an error.
func (d *DB) damage(r any) error {
	return fmt.Errorf("%w: boltstore: %s: reading a damaged page failed: %v", store.ErrCorrupt, d.path, r)
}
