package ledger

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/store"
)

// Options configure a book. Currency, Rounding and AuxiliaryCodes are
// written when the book is created and checked when it is opened.
type Options struct {
	// Currency is the company currency. Required by Create; Open checks it
	// when it is set and takes the stored one otherwise.
	Currency currency.Currency
	// Rounding is how conversions round (half away from zero by default).
	Rounding currency.Rounding
	// AuxiliaryCodes lets the chart hold auxiliary account codes, as some
	// French books keep one account per customer or supplier: a PCG class
	// of at least three digits followed by capital letters and digits
	// (411MARTIN, 401DUPONT2). Stored when the book is created: the book
	// keeps it on every later Open, which may leave it false.
	AuxiliaryCodes bool
	// Clock gives posting timestamps; time.Now when nil. Tests and examples
	// inject a fixed clock for deterministic output.
	Clock func() time.Time
	// Labels are the texts of the entries the book makes itself
	// (reversals); the zero value is FrenchLabels. Not stored.
	Labels Labels
	// Strict runs Check after every committed write and returns its
	// *CheckError as the write's error. For tests: it reads the whole book.
	Strict bool
}

// Book is a double-entry book on a store: chart of accounts, partners,
// journals, fiscal years, rates, posted entries and the lettering records
// (partials, matches) the reconcile package writes through Update.
//
// A Book is safe for concurrent use. Concurrent Post calls are group
// committed: the first waiting writer commits everything queued behind it in
// one transaction. The Book does not own its store: close the store after the
// last call returns.
type Book struct {
	st       store.Store
	company  currency.Currency
	rounding currency.Rounding
	clock    func() time.Time
	strict   bool
	labels   Labels
	aux      bool // auxiliary account codes allowed
	format   int  // the book format its meta record says: bookFormat, or formatUpgradable on a store Open could not write
	group    groupCommit
	units    units
	lagged   lagCache       // entries its batches left lagging (lagcache.go)
	scratch  txScratch      // the index write arrays its writing transactions reuse (tx.go)
	config   configCache    // accounts and partners read, for later transactions (configcache.go)
	supplier *supplierCache // where the supplier documents are, for the reference check (supplierrefcache.go)
	dict     logDictHolder  // the log dictionary, once complete and committed (logdict.go)
}

// Create writes a new book on an empty store. It returns ErrBookExists if
// the store already holds one and ErrOptions for a missing currency, an
// unknown rounding or a label journal.CheckText refuses.
func Create(ctx context.Context, st store.Store, opts Options) (*Book, error) {
	if opts.Currency.IsZero() || !opts.Rounding.Valid() {
		return nil, fmt.Errorf("%w: a company currency and a known rounding are required", ErrOptions)
	}
	if _, err := currency.NewUnit(opts.Currency.Code(), opts.Currency.Digits()); !opts.Currency.IsISO() && err != nil {
		return nil, fmt.Errorf("%w: company currency: %v", ErrOptions, err)
	}
	b, err := newBook(st, opts)
	if err != nil {
		return nil, err
	}
	err = st.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Get(bMeta, metaKey); err == nil {
			return ErrBookExists
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		// The meta record opens the configuration chain: the company
		// currency and rounding cannot change unseen.
		t := newTx(b, tx)
		rec := bookRec{V: createFormat, Currency: opts.Currency.Code(), Rounding: uint8(opts.Rounding), Created: b.clock().UnixNano(),
			Auxiliary: opts.AuxiliaryCodes}
		if !opts.Currency.IsISO() { // a book kept in a unit of account records it
			if err := t.st.Put(bUnit, []byte(opts.Currency.Code()), encode(unitRec{Code: opts.Currency.Code(), Digits: opts.Currency.Digits()})); err != nil {
				return err
			}
		}
		if err := t.st.Put(bMeta, metaKey, encode(rec)); err != nil {
			return err
		}
		// The greatest id in the log, kept from the first entry on.
		if err := t.st.Put(bCounter, []byte(ctrIDTop), make([]byte, 16)); err != nil {
			return err
		}
		return t.flush()
	})
	if err != nil {
		return nil, err
	}
	b.units.add(opts.Currency)
	b.format = createFormat
	return b, nil
}

// Open opens the book held by a store. It returns ErrNotABook for a store
// without one, ErrBookMismatch when opts.Currency is set and differs or
// opts.Rounding differs or opts.AuxiliaryCodes asks for auxiliary codes the
// book was not created with, ErrOptions for a label journal.CheckText refuses,
// and ErrFormat for an unknown format version. A book of the format before
// this version's (12) is upgraded in place, in one transaction that moves
// no record: its partials and matches stay where they are and are read as
// before. On a store opened read-only it is read as it is.
func Open(ctx context.Context, st store.Store, opts Options) (*Book, error) {
	var rec bookRec
	b, err := newBook(st, opts)
	if err != nil {
		return nil, err
	}
	err = st.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bMeta, metaKey)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotABook
		} else if err != nil {
			return err
		}
		if err := decode(v, &rec); err != nil {
			return err
		}
		return b.loadUnits(tx)
	})
	if err != nil {
		return nil, err
	}
	if rec.V != bookFormat && rec.V != formatUpgradable {
		return nil, fmt.Errorf("%w: book format %d, this version reads formats %d and %d; open it with the version that wrote it and export it",
			ErrFormat, rec.V, formatUpgradable, bookFormat)
	}
	cur, err := b.currencyOf(rec.Currency)
	if err != nil {
		return nil, err
	}
	if !opts.Currency.IsZero() && opts.Currency != cur {
		return nil, fmt.Errorf("%w: book currency is %s, not %s", ErrBookMismatch, cur, opts.Currency)
	}
	if currency.Rounding(rec.Rounding) != opts.Rounding {
		return nil, fmt.Errorf("%w: book rounds %s, not %s", ErrBookMismatch, currency.Rounding(rec.Rounding), opts.Rounding)
	}
	if opts.AuxiliaryCodes && !rec.Auxiliary {
		return nil, fmt.Errorf("%w: the book was created without auxiliary account codes", ErrBookMismatch)
	}
	b.company, b.aux, b.format = cur, rec.Auxiliary, rec.V
	if rec.V == formatUpgradable {
		if err := b.upgrade(ctx); err != nil && !errors.Is(err, store.ErrReadOnly) {
			return nil, fmt.Errorf("upgrading book format %d to %d: %w", formatUpgradable, bookFormat, err)
		}
	}
	return b, nil
}

// upgrade marks a book of formatUpgradable as bookFormat, in one
// transaction through the configuration chain: its upgrade record, which
// keeps the meta record's value, and the meta record with the new format.
// The records the book holds are read where they are; the letterings
// written from then on are stored as lettering records.
func (b *Book) upgrade(ctx context.Context) error {
	err := b.st.Update(ctx, func(st store.Tx) error {
		t := newTx(b, st)
		was, err := t.st.Get(bMeta, metaKey)
		if err != nil {
			return err
		}
		var rec bookRec
		if err := decode(was, &rec); err != nil {
			return err
		}
		if rec.V != formatUpgradable { // upgraded since it was read
			return nil
		}
		up := upgradeRec{V: bookFormat, At: b.clock().UnixNano(), Was: bytes.Clone(was)}
		if err := t.st.Put(bMeta, upgradeKey, encode(up)); err != nil {
			return err
		}
		rec.V = bookFormat
		if err := t.st.Put(bMeta, metaKey, encode(rec)); err != nil {
			return err
		}
		return t.flush()
	})
	if err == nil {
		b.format = bookFormat
	}
	return err
}

func newBook(st store.Store, opts Options) (*Book, error) {
	labels, err := opts.Labels.withDefaults()
	if err != nil {
		return nil, err
	}
	hintAppend(st)
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	return &Book{st: st, company: opts.Currency, rounding: opts.Rounding, clock: clock, strict: opts.Strict, labels: labels,
		aux: opts.AuxiliaryCodes, format: bookFormat, supplier: newSupplierCache()}, nil
}

// Currency returns the company currency.
func (b *Book) Currency() currency.Currency { return b.company }

// AuxiliaryCodes reports whether the book takes auxiliary account codes
// (411MARTIN): chosen when the book was created, never changed.
func (b *Book) AuxiliaryCodes() bool { return b.aux }

// Rounding returns the book's rounding mode.
func (b *Book) Rounding() currency.Rounding { return b.rounding }

// Now returns the book clock's current time.
func (b *Book) Now() time.Time { return b.clock() }

// Update runs fn in one atomic transaction: everything fn posts, reverses
// and records through the Tx commits together or not at all. fn may run more
// than once (see store.Store) and must have no side effects outside the Tx.
// In strict mode the book is checked after the commit.
func (b *Book) Update(ctx context.Context, fn func(*Tx) error) error {
	err := b.st.Update(ctx, func(st store.Tx) error {
		t := newTx(b, st)
		b.scratch.lend(t)
		defer b.scratch.reclaim(t)
		if err := t.catchUp(); err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
		return t.flush()
	})
	if err != nil {
		return err
	}
	return b.afterWrite(ctx)
}

// view runs fn in a read-only Tx over fully indexed data. A snapshot in
// which entries still lag behind their indexes is dropped unread: the
// indexing is committed first, and the read starts again on a new snapshot.
// On a read-only store (boltstore.Options.ReadOnly) the indexing cannot be
// committed: the read fails with an error matching store.ErrReadOnly.
func (b *Book) view(ctx context.Context, fn func(*Tx) error) error {
	for {
		err := b.st.View(ctx, func(st store.Tx) error {
			t := newTx(b, st)
			if lag, err := t.lag(); err != nil {
				return err
			} else if lag > 0 {
				return errLagging
			}
			return fn(t)
		})
		if !errors.Is(err, errLagging) {
			return err
		}
		if err := b.Index(ctx); errors.Is(err, store.ErrReadOnly) {
			return fmt.Errorf("ledger: the indexes of the last entries posted are not written yet, and the store is read-only: open the book for writing once (Book.Index writes them): %w", err)
		} else if err != nil {
			return err
		}
	}
}

// Index commits the indexes of the entries posted by Post and PostBatch
// that still lag behind the log (at most IndexLagMax of them after single
// posts, BatchIndexLagMax after batches). Reads and
// Update do it themselves when needed; call Index to pay that cost at a
// time of your choosing, after a run of posts and before the first report,
// say. With no lag it writes nothing.
func (b *Book) Index(ctx context.Context) error {
	err := b.st.Update(ctx, func(st store.Tx) error {
		t := newTx(b, st)
		if lag, err := t.lag(); err != nil || lag == 0 {
			return err
		}
		b.scratch.lend(t)
		defer b.scratch.reclaim(t)
		if err := t.catchUp(); err != nil {
			return err
		}
		return t.flush()
	})
	if errors.Is(err, store.ErrReadOnly) {
		// A store opened read-only refuses the transaction before it
		// looks: with no lag there was nothing to write.
		var lag uint64
		if verr := b.st.View(ctx, func(st store.Tx) error {
			var lerr error
			lag, lerr = newTx(b, st).lag()
			return lerr
		}); verr != nil {
			return verr
		}
		if lag == 0 {
			return nil
		}
	}
	return err
}

// read runs fn in a read-only Tx and returns its value: the shape of every
// single-value query of the Book.
func read[T any](ctx context.Context, b *Book, fn func(*Tx) (T, error)) (T, error) {
	var out T
	err := b.view(ctx, func(t *Tx) error {
		var err error
		out, err = fn(t)
		return err
	})
	return out, err
}

// View runs fn in a read-only transaction over a consistent snapshot: the
// layer above reads residuals, partials and matches through it.
func (b *Book) View(ctx context.Context, fn func(*Tx) error) error { return b.view(ctx, fn) }

func (b *Book) afterWrite(ctx context.Context) error {
	if !b.strict {
		return nil
	}
	return b.Check(ctx)
}
