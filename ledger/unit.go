package ledger

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/store"
)

// A unit of account (a commodity, a crypto asset, an internal unit) is a
// currency.Currency made by currency.NewUnit. A book records each unit it
// keeps amounts in, with its minor units, so that its amounts read back
// exactly and no two parts of the book disagree on what "GOLD" means.

type unitRec struct {
	Code   string `cbor:"1,keyasint"`
	Digits int    `cbor:"2,keyasint"`
}

// units is the book's table of units of account, loaded when the book is
// created or opened and extended by AddUnit. Units are never changed or
// removed, so a unit once read never goes stale.
type units struct {
	mu sync.RWMutex
	m  map[string]currency.Currency
}

func (u *units) get(code string) (currency.Currency, bool) {
	u.mu.RLock()
	defer u.mu.RUnlock()
	c, ok := u.m[code]
	return c, ok
}

func (u *units) add(c currency.Currency) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[string]currency.Currency{}
	}
	u.m[c.Code()] = c
}

// AddUnit records a unit of account made by currency.NewUnit, so that the
// book accepts amounts in it (entries, rates, fixed-currency accounts).
// Adding a unit the book already has with the same minor units does
// nothing. It returns ErrUnit for an ISO 4217 currency (the book knows
// those) and ErrDuplicate for a code the book has with other minor units.
func (b *Book) AddUnit(ctx context.Context, u currency.Currency) error {
	if u.IsZero() || u.IsISO() {
		return fmt.Errorf("%w: %q is not a unit of account", ErrUnit, u.Code())
	}
	if _, err := currency.NewUnit(u.Code(), u.Digits()); err != nil {
		return fmt.Errorf("%w: %v", ErrUnit, err)
	}
	err := b.Update(ctx, func(t *Tx) error { return t.addUnit(u) })
	if err == nil {
		b.units.add(u)
	}
	return err
}

func (t *Tx) addUnit(u currency.Currency) error {
	v, err := t.st.Get(bUnit, []byte(u.Code()))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return t.st.Put(bUnit, []byte(u.Code()), encode(unitRec{Code: u.Code(), Digits: u.Digits()}))
	case err != nil:
		return err
	}
	var r unitRec
	if err := decode(v, &r); err != nil {
		return err
	}
	if r.Digits != u.Digits() {
		return fmt.Errorf("%w: unit %s has %d decimals in this book, not %d", ErrDuplicate, u.Code(), r.Digits, u.Digits())
	}
	return nil
}

// Units returns the units of account the book records, in code order.
func (b *Book) Units(ctx context.Context) ([]currency.Currency, error) {
	var out []currency.Currency
	err := b.view(ctx, func(t *Tx) error {
		out = out[:0]
		return t.st.Scan(bUnit, nil, nil, false, func(k, v []byte) error {
			u, err := decodeUnit(v)
			out = append(out, u)
			return err
		})
	})
	return out, err
}

func decodeUnit(v []byte) (currency.Currency, error) {
	var r unitRec
	if err := decode(v, &r); err != nil {
		return currency.Currency{}, err
	}
	u, err := currency.NewUnit(r.Code, r.Digits)
	if err != nil {
		return currency.Currency{}, fmt.Errorf("%w: unit %q: %v", ErrFormat, r.Code, err)
	}
	return u, nil
}

// loadUnits reads the book's units into its table.
func (b *Book) loadUnits(tx store.Tx) error {
	return tx.Scan(bUnit, nil, nil, false, func(k, v []byte) error {
		u, err := decodeUnit(v)
		if err != nil {
			return err
		}
		b.units.add(u)
		return nil
	})
}

// currencyOf returns the currency or unit of account a stored code names.
func (b *Book) currencyOf(code string) (currency.Currency, error) {
	if c, err := currency.Lookup(code); err == nil {
		return c, nil
	}
	if u, ok := b.units.get(code); ok {
		return u, nil
	}
	return currency.Currency{}, fmt.Errorf("%w: unknown currency or unit %q", ErrFormat, code)
}

// currencyOf is Book.currencyOf that also finds a unit of account another
// handle on the store added after this Book read its units (a second
// Book on the same store, another process on a shared one).
func (t *Tx) currencyOf(code string) (currency.Currency, error) {
	c, err := t.b.currencyOf(code)
	if err == nil {
		return c, nil
	}
	if u, found, uerr := t.unit(code); uerr != nil || found {
		return u, uerr
	}
	return currency.Currency{}, err
}

// unit reads a unit of account from the store and adds it to the book's
// table.
func (t *Tx) unit(code string) (currency.Currency, bool, error) {
	v, err := t.st.Get(bUnit, []byte(code))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadKey) {
		return currency.Currency{}, false, nil
	} else if err != nil {
		return currency.Currency{}, false, err
	}
	u, err := decodeUnit(v)
	if err != nil {
		return currency.Currency{}, false, err
	}
	t.b.units.add(u)
	return u, true, nil
}

// knows is Book.knows, looking a unit up in the store when the book's
// table lacks it.
func (t *Tx) knows(c currency.Currency) (bool, error) {
	if c.IsISO() || t.b.knows(c) {
		return true, nil
	}
	u, found, err := t.unit(c.Code())
	return found && u == c, err
}

// knows reports whether the book accepts amounts in c: an ISO 4217
// currency, or a unit of account it records with the same minor units.
func (b *Book) knows(c currency.Currency) bool {
	if c.IsISO() {
		return true
	}
	u, ok := b.units.get(c.Code())
	return ok && u == c
}
