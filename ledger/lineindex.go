package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/fxamacker/cbor/v2"
	"github.com/lettrage/lettrage/journal"
)

// A line is stored once, in its entry's log record. The line indexes (by
// account, by partner) point into the log: a line's logical key is its
// account (or partner and account), its date, its posting sequence and its
// index, and the sequence is the log key where the line is read. Storing
// the line beside each key, as the indexes once did, took three times the
// disk of the log itself and as much again written per batch.
//
// The keys are stored in blocks: the lines of one account (one partner's
// account) on one day that one transaction indexes share a stored key, the
// logical key of the first, whose value lists the others (each a sequence
// step and a line index, varints: two or three bytes a line). A batch of a
// thousand invoices over five days then writes fifteen keys to the line
// index instead of three thousand. A block of one line is its key with an
// empty value. Lines are only ever added, in sequence order, so the blocks
// of one (account, day) follow each other in the order of their lines:
// every line of a block sorts before the next stored key, which Check
// verifies. A block holds at most lineBlockMax lines, so that reading a
// few lines never decodes many.

// lineBlockMax is the most lines one stored key of a line index holds.
const lineBlockMax = 256

// isLineIndex reports whether bucket is one of the line indexes.
func isLineIndex(bucket []byte) bool {
	return string(bucket) == string(ixLines) || string(bucket) == string(ixPLines)
}

// expandLineBlock calls fn with each logical key a stored key k of a line
// index and its value v hold, in order. The key passed to fn is valid only
// during the call.
func expandLineBlock(k, v []byte, fn func(lk []byte) error) error {
	_, seq, idx, err := lineKeyPos(k)
	if err != nil {
		return err
	}
	if err := fn(k); err != nil {
		return err
	}
	if len(v) == 0 {
		return nil
	}
	lk := append(make([]byte, 0, len(k)), lineGroup(k)...)
	group := len(lk)
	for n := 1; len(v) > 0; n++ {
		step, w1 := binary.Uvarint(v)
		if w1 <= 0 {
			return fmt.Errorf("%w: line index block %x: bad sequence step", ErrFormat, k)
		}
		next, w2 := binary.Uvarint(v[w1:])
		if w2 <= 0 || next > linePosIdxMax {
			return fmt.Errorf("%w: line index block %x: bad line index", ErrFormat, k)
		}
		v = v[w1+w2:]
		if n >= lineBlockMax || step > linePosSeqMax-seq || step == 0 && int(next) <= idx {
			return fmt.Errorf("%w: line index block %x: lines out of order or too many", ErrFormat, k)
		}
		seq, idx = seq+step, int(next)
		lk = appendLinePos(lk[:group], seq, idx)
		if err := fn(lk); err != nil {
			return err
		}
	}
	return nil
}

// scanLines calls fn with every logical key of a line index between from
// (inclusive) and to (exclusive), in order: the blocks that start in the
// range, and the lines of the block before from that reach into it. fn's
// key is valid only during the call. The transaction's own pending lines
// are written first, so that it reads what it posted.
func (t *Tx) scanLines(bucket, from, to []byte, fn func(lk []byte) error) error {
	if err := t.flushLines(); err != nil {
		return err
	}
	// The block before from may hold lines at or after it: blocks of one
	// (account, day) run up to the next stored key.
	if len(from) > 0 {
		err := t.st.Scan(bucket, nil, from, true, func(k, v []byte) error {
			err := expandLineBlock(k, v, func(lk []byte) error {
				if bytes.Compare(lk, from) >= 0 && (to == nil || bytes.Compare(lk, to) < 0) {
					return fn(lk)
				}
				return nil
			})
			if err != nil {
				return err
			}
			return errStop
		})
		if err != nil && !errors.Is(err, errStop) {
			return err
		}
	}
	return t.st.Scan(bucket, from, to, false, func(k, v []byte) error {
		return expandLineBlock(k, v, func(lk []byte) error {
			if to != nil && bytes.Compare(lk, to) >= 0 {
				return nil
			}
			return fn(lk)
		})
	})
}

// hasLine reports whether a line index holds logical key lk.
func (t *Tx) hasLine(bucket, lk []byte) (bool, error) {
	found := false
	err := t.blockAt(bucket, lk, func(k, v []byte) error {
		return expandLineBlock(k, v, func(x []byte) error {
			if bytes.Equal(x, lk) {
				found = true
				return errStop // damage further in the block is not this line's
			}
			return nil
		})
	})
	return found, err
}

// blockAt calls fn with the stored key and value at or before logical key
// lk of a line or number index: the block or run that holds lk, if any
// does (blocks and runs end before the next stored key). fn returns
// errStop once it found what it looked for.
func (t *Tx) blockAt(bucket, lk []byte, fn func(k, v []byte) error) error {
	err := t.st.Scan(bucket, nil, append(bytes.Clone(lk), 0), true, func(k, v []byte) error {
		if err := fn(k, v); err != nil {
			return err
		}
		return errStop
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// applyIndex keeps line, number and id index writes for flushLines,
// flushNumbers and flushEntryIDs; puts of other buckets are applied at once, or kept for
// applySorted while a catch-up collects them.
func (t *Tx) applyIndex(puts []put) error {
	for i := range puts {
		if isLineIndex(puts[i].b) {
			t.lines = append(t.lines, puts[i])
			continue
		}
		if string(puts[i].b) == string(ixNumber) {
			t.numbers = append(t.numbers, puts[i])
			continue
		}
		if string(puts[i].b) == string(bEntry) {
			if len(puts[i].k) != len(journal.NoID) || len(puts[i].v) != 8 {
				return fmt.Errorf("ledger: id index write %x → %x", puts[i].k, puts[i].v) // our own writes
			}
			t.ids = append(t.ids, pendingID{id: journal.ID(puts[i].k), seq: u64From(puts[i].v)})
			continue
		}
		if t.collect {
			t.sorted = append(t.sorted, puts[i])
			continue
		}
		if err := t.st.Put(puts[i].b, puts[i].k, puts[i].v); err != nil {
			return err
		}
	}
	return nil
}

// flushLines writes the transaction's pending line index keys in blocks:
// grouped by bucket and (account, day), each group's lines in (sequence,
// line) order, each run of at most lineBlockMax stored under its first
// key.
func (t *Tx) flushLines() error {
	if len(t.lines) == 0 {
		return nil
	}
	var room [16]put // a post's blocks, without an allocation
	blocks, err := t.groups.lineBlocks(t.lines, room[:0])
	if err != nil {
		return err
	}
	if err := apply(t.st, blocks); err != nil {
		return err
	}
	clear(t.lines)
	t.lines = t.lines[:0]
	return nil
}

// lineBlocks appends to dst the puts that store lines in blocks (see
// flushLines), reordering lines. It reads nothing but lines, so a
// catch-up runs it on another core while its transaction applies its other
// writes.
func (g *putGroups) lineBlocks(lines, dst []put) ([]put, error) {
	// Lines come in posting order, so each group is already in (sequence,
	// line) order, and only the groups need ordering.
	err := g.each(lines, lineGroupName, func(lines []put) error {
		if !slices.IsSortedFunc(lines, byKey) {
			slices.SortFunc(lines, byKey)
		}
		for len(lines) > 0 {
			n := min(len(lines), lineBlockMax)
			b, err := lineBlock(lines[:n])
			if err != nil {
				return err
			}
			dst = append(dst, b)
			lines = lines[n:]
		}
		return nil
	})
	return dst, err
}

// lineGroupName appends to dst the name of the block group of a line
// index put: its bucket, a zero byte, its (account, day).
func lineGroupName(dst []byte, p *put) []byte {
	return append(append(append(dst, p.b...), 0), lineGroup(p.k)...)
}

func byKey(a, b put) int { return bytes.Compare(a.k, b.k) }

// lineBlock is the put that stores lines of one (account, day), in
// order, as one block under the first's key.
func lineBlock(lines []put) (put, error) {
	first := lines[0]
	_, seq, idx, err := lineKeyPos(first.k)
	if err != nil {
		return put{}, err
	}
	var v []byte
	for _, p := range lines[1:] {
		_, s, x, err := lineKeyPos(p.k)
		if err != nil {
			return put{}, err
		}
		if s == seq && x == idx {
			return put{}, fmt.Errorf("%w: line %d of the entry at sequence %d indexed twice", ErrIntegrity, x, s)
		}
		v = binary.AppendUvarint(binary.AppendUvarint(v, s-seq), uint64(x))
		seq, idx = s, x
	}
	return put{first.b, first.k, v}, nil
}

// lineKeyTail is the length of what every line index key ends with: the
// line's date and its position (appendLinePos).
const lineKeyTail = 4 + linePosSize

// lineGroup is the part of a line index key its block shares: all but the
// sequence and line index it ends with (account or partner and account,
// then date). k is at least lineKeyTail long (lineKeyPos checks it).
func lineGroup(k []byte) []byte { return k[:len(k)-lineKeyTail+4] }

// lineKeyPos returns the date key, posting sequence and line index a line
// index key ends with.
func lineKeyPos(k []byte) (date uint32, seq uint64, idx int, err error) {
	if len(k) < lineKeyTail+1 || k[len(k)-lineKeyTail-1] != 0 {
		return 0, 0, 0, fmt.Errorf("%w: line index key %x", ErrFormat, k)
	}
	t := k[len(k)-lineKeyTail:]
	seq, idx = linePos(t[4:])
	return binary.BigEndian.Uint32(t), seq, idx, nil
}

// logLines is the part of a log record that lists a line: the entry's
// header and its lines, each left encoded until one is asked for.
type logLines struct {
	ID         []byte            `cbor:"1,keyasint"`
	Journal    string            `cbor:"2,keyasint"`
	Date       uint32            `cbor:"3,keyasint"`
	Label      string            `cbor:"7,keyasint,omitempty"`
	Currency   string            `cbor:"8,keyasint,omitempty"`
	Lines      []cbor.RawMessage `cbor:"9,keyasint"`
	ReversalOf []byte            `cbor:"10,keyasint,omitempty"`
	FiscalYear string            `cbor:"12,keyasint,omitempty"`
	Number     int64             `cbor:"13,keyasint,omitempty"`
	Seq        uint64            `cbor:"14,keyasint,omitempty"`
}

// lineView is one line as a line index entry gives it: the line and what a
// listing shows of its entry.
type lineView struct {
	Entry      []byte
	Index      int
	Date       uint32
	Label      string // the entry's
	ReversalOf []byte // the entry's
	Journal    string
	FY         string
	Number     int64
	Seq        uint64
	Currency   string
	Line       lineRec
}

// logLine reads line idx of the entry logged at seq, decoding only that
// line of the record.
func (t *Tx) logLine(seq uint64, idx int) (lineView, error) {
	_, raw, err := t.logRawTemp(seqKey(seq))
	if err != nil {
		return lineView{}, err
	}
	return decodeLogLine(raw, seq, idx) // copies what it keeps
}

// decodeLogLine decodes line idx of a hashed log record (chain hash ‖
// record) logged at seq.
func decodeLogLine(raw []byte, seq uint64, idx int) (lineView, error) {
	var r logLines
	if len(raw) <= logHeader {
		return lineView{}, fmt.Errorf("%w: entry record of %d bytes", ErrFormat, len(raw))
	}
	if !readLogLines(raw[logHeader:], &r) {
		if err := decode(raw[logHeader:], &r); err != nil {
			return lineView{}, err
		}
	}
	if r.Seq != seq {
		return lineView{}, fmt.Errorf("%w: the log record at sequence %d says %d", ErrFormat, seq, r.Seq)
	}
	if idx < 0 || idx >= len(r.Lines) {
		return lineView{}, fmt.Errorf("%w: line %d of the entry logged at sequence %d, which has %d", ErrFormat, idx, seq, len(r.Lines))
	}
	v := lineView{Entry: r.ID, Index: idx, Date: r.Date, Label: r.Label, ReversalOf: r.ReversalOf, Journal: r.Journal,
		FY: r.FiscalYear, Number: r.Number, Seq: r.Seq, Currency: r.Currency}
	if !readLineRec(r.Lines[idx], &v.Line) {
		if err := decode(r.Lines[idx], &v.Line); err != nil {
			return lineView{}, err
		}
	}
	return v, nil
}

// lineAt reads the line a line index key points to, checking that the log
// agrees with the key on its date.
func (t *Tx) lineAt(k []byte) (lineView, error) {
	date, seq, idx, err := lineKeyPos(k)
	if err != nil {
		return lineView{}, err
	}
	v, err := t.logLine(seq, idx)
	if err != nil {
		return lineView{}, err
	}
	if v.Date != date {
		return lineView{}, fmt.Errorf("%w: a line index key dated %d points to a line of %d", ErrFormat, date, v.Date)
	}
	return v, nil
}

// applySorted applies the index writes a catch-up collected, sorted by
// bucket and key: a store that keeps its keys in pages (bbolt) then visits
// each page once, in order, instead of hopping from page to page.
func (t *Tx) applySorted() error {
	bucket := func(dst []byte, p *put) []byte { return append(dst, p.b...) }
	err := t.groups.each(t.sorted, bucket, func(puts []put) error {
		if !slices.IsSortedFunc(puts, byKey) { // ids the book makes come in order
			slices.SortFunc(puts, byKey)
		}
		return apply(t.st, puts)
	})
	if err != nil {
		return err
	}
	clear(t.sorted)
	t.sorted = t.sorted[:0]
	return nil
}

// catchUpLinesAside is how many line keys a catch-up must have collected
// for their blocks to be made on another goroutine while it applies its
// other writes: below it, starting one costs more than it saves. Tests
// lower it.
var catchUpLinesAside = 4096

// applyCollected applies what a catch-up collected: its sorted writes and,
// when they are many, its line keys in blocks, which another goroutine
// makes meanwhile (lineBlocks reads only the lines: the store stays on
// this one). A few line keys wait for flush, with the transaction's own.
func (t *Tx) applyCollected() error {
	if len(t.lines) < catchUpLinesAside {
		return t.applySorted()
	}
	lines := t.lines
	type made struct {
		blocks   []put
		err      error
		panicked any
	}
	done := make(chan made, 1)
	go func() {
		var m made
		defer func() {
			m.panicked = recover()
			done <- m
		}()
		m.blocks, m.err = (&putGroups{}).lineBlocks(lines, make([]put, 0, len(lines)/4))
	}()
	err := t.applySorted()
	m := <-done
	if m.panicked != nil {
		panic(m.panicked) // on the caller's goroutine, where it can be seen
	}
	if err == nil {
		err = m.err
	}
	if err == nil {
		err = apply(t.st, m.blocks)
	}
	clear(lines)
	t.lines = lines[:0]
	return err
}

// putGroups orders puts by group, reusing its room from one call to the
// next: no allocation but a group name's first time.
type putGroups struct {
	number map[string]int32 // group name → group number, in order of first sight
	names  []string         // by group number
	order  []int32          // group numbers, by name
	first  []int32          // by group number: where its puts start, then end
	dest   []int32          // by put: where it goes
	name   []byte
}

// each reorders puts in place by group(p), the groups in the byte order of
// their names, each group's puts in the order they came, then calls fn
// with each group's puts in turn. group appends the name of p's group to
// dst and returns it.
func (g *putGroups) each(puts []put, group func(dst []byte, p *put) []byte, fn func(puts []put) error) error {
	if g.number == nil {
		g.number = map[string]int32{}
	}
	clear(g.number)
	g.names, g.dest = g.names[:0], g.dest[:0]
	for i := range puts {
		g.name = group(g.name[:0], &puts[i])
		n, ok := g.number[string(g.name)]
		if !ok {
			n = int32(len(g.names))
			name := string(g.name)
			g.number[name] = n
			g.names = append(g.names, name)
		}
		g.dest = append(g.dest, n)
	}
	g.order = g.order[:0]
	for n := range g.names {
		g.order = append(g.order, int32(n))
	}
	slices.SortFunc(g.order, func(a, b int32) int { return strings.Compare(g.names[a], g.names[b]) })
	// Count each group's puts, then give each group its place (a counting
	// sort, stable), and move every put to its place, one cycle of the
	// permutation at a time.
	g.first = append(g.first[:0], make([]int32, len(g.names))...)
	for _, n := range g.dest {
		g.first[n]++
	}
	at := int32(0)
	for _, n := range g.order {
		at, g.first[n] = at+g.first[n], at
	}
	for i, n := range g.dest {
		g.dest[i] = g.first[n]
		g.first[n]++ // now its end
	}
	for i := range puts {
		for d := g.dest[i]; d != int32(i); d = g.dest[i] {
			puts[i], puts[d] = puts[d], puts[i]
			g.dest[i], g.dest[d] = g.dest[d], d
		}
	}
	start := int32(0)
	for _, n := range g.order {
		if err := fn(puts[start:g.first[n]]); err != nil {
			return err
		}
		start = g.first[n]
	}
	return nil
}
