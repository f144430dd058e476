package ledger

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// A lettering record holds, under one key, the partials a lettering makes
// and the match that names exactly them: one chain pointer and one chain
// write where records of their own take one each. The layer above says
// where a lettering begins (beginLettering); the partials it then makes
// with no id take the lettering's base id with their place (0–254) as last
// byte, its match the base with 0xff. The base is a new id whose version
// nibble is 8 (UUIDv8) rather than 7: every id so marked lives in a
// lettering record, every other in bPartial or bMatch, so that Partial and
// Match read one record, never missing in one bucket before the other. A
// lettering that no match closes exactly (a part payment, a match naming
// other partials too) is written with no match; one that reaches
// letteringPartialsMax partials is written and closed, and the partials
// that follow are records of their own. An undo rewrites the whole record.
var bLettering = []byte("letter") // base id → chain pointer ‖ match value (or nothing) ‖ partial values, each after its length (two bytes)

const (
	// letteringVersion is the version nibble of the ids of a lettering
	// record's base, partials and match.
	letteringVersion = 8
	// letteringMatchPlace is the last byte of the id of a lettering
	// record's match; its partials' ids end with their place, below it.
	letteringMatchPlace = 0xff
	// letteringPartialsMax is the most partials one lettering record holds.
	letteringPartialsMax = letteringMatchPlace
)

// inLettering reports whether id is that of a lettering record's partial
// or match (or its base).
func inLettering(id journal.ID) bool { return id[6]>>4 == letteringVersion }

// letteringBase returns the key of the lettering record that holds id.
func letteringBase(id journal.ID) journal.ID {
	id[15] = 0
	return id
}

// newLetteringBase makes the base id of a new lettering record: a new id,
// in the same time order as the others, marked as a lettering's.
func newLetteringBase() journal.ID {
	id := journal.NewID()
	id[6] = id[6]&0x0f | letteringVersion<<4
	id[15] = 0
	return id
}

// letterGroup is the lettering the layer above opened in a transaction:
// the partials made in it, not written yet.
type letterGroup struct {
	open  bool
	base  journal.ID // NoID until its first partial
	parts []journal.Partial
}

// beginLettering writes the open lettering, if any, and opens another:
// the partials putPartial makes with no id join it, until the match that
// names exactly them, or the next beginLettering, or the commit.
func (t *Tx) beginLettering() error {
	if err := t.closeLettering(); err != nil {
		return err
	}
	t.group.open = true
	return nil
}

// letteringPartialID returns the id the next partial made with no id
// takes in the open lettering, and false when none is open (or the open
// one is full, and written).
func (t *Tx) letteringPartialID() (journal.ID, bool, error) {
	g := &t.group
	if !g.open {
		return journal.NoID, false, nil
	}
	if len(g.parts) >= letteringPartialsMax {
		return journal.NoID, false, t.closeLettering()
	}
	if g.base == journal.NoID {
		g.base = newLetteringBase()
	}
	id := g.base
	id[15] = byte(len(g.parts))
	return id, true, nil
}

// closeLettering writes the open lettering's partials, with no match, and
// closes it.
func (t *Tx) closeLettering() error {
	if len(t.group.parts) > 0 {
		if err := t.putLettering(nil); err != nil {
			return err
		}
	}
	t.group = letterGroup{parts: t.group.parts[:0]}
	return nil
}

// groupPartial returns a partial of the open lettering.
func (t *Tx) groupPartial(id journal.ID) (journal.Partial, bool) {
	g := &t.group
	if g.base == journal.NoID || int(id[15]) >= len(g.parts) || letteringBase(id) != g.base {
		return journal.Partial{}, false
	}
	return g.parts[id[15]], true
}

// groupNamedBy reports whether the partials of a match are exactly those
// of the open lettering, in any order.
func (t *Tx) groupNamedBy(m *journal.Match) bool {
	g := &t.group
	if g.base == journal.NoID || len(g.parts) == 0 || len(m.Partials) != len(g.parts) {
		return false
	}
	var seen [letteringPartialsMax]bool
	for _, id := range m.Partials {
		if letteringBase(id) != g.base || int(id[15]) >= len(g.parts) || seen[id[15]] {
			return false
		}
		seen[id[15]] = true
	}
	return true
}

// putLettering writes the open lettering with its match m, or with none
// when m is nil. The value is built in a buffer of its own: the store
// keeps it until the commit.
func (t *Tx) putLettering(m *journal.Match) error {
	g := &t.group
	room := 2 + len(g.parts)*(partialValueRoom+2)
	if m != nil {
		room += matchValueRoom(m)
	}
	key, value := letterRecord(g.base, room)
	value = appendSized(value, func(b []byte) []byte {
		if m == nil {
			return b
		}
		return appendMatchValue(b, m)
	})
	for i := range g.parts {
		value = appendSized(value, func(b []byte) []byte { return appendPartialValue(b, &g.parts[i], t.b.company) })
	}
	if err := t.ct.putChained(bLettering, key, value, true); err != nil {
		return err
	}
	t.group = letterGroup{parts: g.parts[:0]}
	return nil
}

// appendSized appends what app appends after its length, two bytes.
func appendSized(dst []byte, app func([]byte) []byte) []byte {
	at := len(dst)
	dst = app(append(dst, 0, 0))
	binary.BigEndian.PutUint16(dst[at:], uint16(len(dst)-at-2))
	return dst
}

// splitLettering splits a lettering record's value (after its pointer)
// into its match's value (empty when it has none) and its partials'
// values. The parts are slices of v.
func splitLettering(v []byte) (match []byte, partials [][]byte, err error) {
	next := func() ([]byte, bool) {
		if len(v) < 2 || len(v)-2 < int(binary.BigEndian.Uint16(v)) {
			return nil, false
		}
		n := int(binary.BigEndian.Uint16(v))
		b := v[2 : 2+n : 2+n]
		v = v[2+n:]
		return b, true
	}
	match, ok := next()
	if !ok {
		return nil, nil, fmt.Errorf("%w: lettering record cut short", ErrFormat)
	}
	for len(v) > 0 {
		p, ok := next()
		if !ok {
			return nil, nil, fmt.Errorf("%w: lettering record cut short after %d partials", ErrFormat, len(partials))
		}
		if len(p) == 0 || len(partials) == letteringPartialsMax {
			return nil, nil, fmt.Errorf("%w: lettering record holds an empty partial or more than %d", ErrFormat, letteringPartialsMax)
		}
		partials = append(partials, p)
	}
	if len(match) == 0 && len(partials) == 0 {
		return nil, nil, fmt.Errorf("%w: lettering record holds nothing", ErrFormat)
	}
	return match, partials, nil
}

// letteringOf reads the lettering record that holds id: its match's value
// and its partials' values; ErrNotFound when there is none.
func letteringOf(st store.Tx, id journal.ID) ([]byte, [][]byte, error) {
	base := letteringBase(id)
	v, err := st.Get(bLettering, base[:])
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, ErrNotFound
	} else if err != nil {
		return nil, nil, err
	}
	return splitLettering(v)
}

// letteredPartial reads a partial of a lettering record.
func (t *Tx) letteredPartial(id journal.ID) (journal.Partial, error) {
	if id[15] == letteringMatchPlace {
		return journal.Partial{}, fmt.Errorf("%w: partial %s", ErrNotFound, id)
	}
	_, ps, err := letteringOf(t.st, id)
	if errors.Is(err, ErrNotFound) || err == nil && int(id[15]) >= len(ps) {
		return journal.Partial{}, fmt.Errorf("%w: partial %s", ErrNotFound, id)
	} else if err != nil {
		return journal.Partial{}, fmt.Errorf("partial %s: %w", id, err)
	}
	return t.decodePartial(id[:], ps[id[15]])
}

// letteredMatch reads the match of a lettering record.
func (t *Tx) letteredMatch(id journal.ID) (journal.Match, error) {
	if id[15] != letteringMatchPlace {
		return journal.Match{}, fmt.Errorf("%w: match %s", ErrNotFound, id)
	}
	mv, _, err := letteringOf(t.st, id)
	if errors.Is(err, ErrNotFound) || err == nil && len(mv) == 0 {
		return journal.Match{}, fmt.Errorf("%w: match %s", ErrNotFound, id)
	} else if err != nil {
		return journal.Match{}, fmt.Errorf("match %s: %w", id, err)
	}
	return decodeMatch(id[:], mv)
}

// eachLettering calls fn with each lettering record's base id, match value
// (empty when none) and partial values, reading st (a chainTx strips the
// pointer).
func eachLettering(st store.Tx, fn func(base journal.ID, match []byte, partials [][]byte) error) error {
	return st.Scan(bLettering, nil, nil, false, func(k, v []byte) error {
		if len(k) != len(journal.NoID) {
			return fmt.Errorf("%w: lettering key %x", ErrFormat, k)
		}
		m, ps, err := splitLettering(v)
		if err != nil {
			return fmt.Errorf("lettering %x: %w", k, err)
		}
		return fn(journal.ID(k), m, ps)
	})
}

// rewriteLettering rewrites the lettering record that holds m (when set)
// or p, with m's or p's new value: an undo. The value is built in a
// buffer of its own (the store keeps it until the commit).
func (t *Tx) rewriteLettering(m *journal.Match, p *journal.Partial) error {
	var id journal.ID
	if m != nil {
		id = m.ID
	} else {
		id = p.ID
	}
	mv, ps, err := letteringOf(t.st, id)
	if err != nil {
		return fmt.Errorf("rewriting lettering %s: %w", letteringBase(id), err)
	}
	if p != nil && int(p.ID[15]) >= len(ps) || m != nil && len(mv) == 0 {
		return fmt.Errorf("%w: lettering %s does not hold %s", ErrFormat, letteringBase(id), id)
	}
	room := 4 + len(mv) + 48
	for _, v := range ps {
		room += 2 + len(v) + 48
	}
	value := make([]byte, 0, room)
	if m != nil {
		value = appendSized(value, func(b []byte) []byte { return appendMatchValue(b, m) })
	} else {
		value = appendSized(value, func(b []byte) []byte { return append(b, mv...) })
	}
	for i, v := range ps {
		if p != nil && i == int(p.ID[15]) {
			value = appendSized(value, func(b []byte) []byte { return appendPartialValue(b, p, t.b.company) })
		} else {
			value = appendSized(value, func(b []byte) []byte { return append(b, v...) })
		}
	}
	key := letteringBase(id)
	return t.st.Put(bLettering, key[:], value)
}
