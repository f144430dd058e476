package ledger

import (
	"encoding/binary"
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// closingRecords checks the closings: numbered 1..n as their counter says,
// each decoding and naming the fiscal year of its rank as it is stored, and
// each taken at a posting sequence no earlier than the one before. They are
// kept for the log walk, which checks that no entry was posted into a
// closed year after its closing.
func (c *checker) closingRecords() error {
	years, err := c.t.FiscalYears()
	if err != nil {
		return err
	}
	var n uint64
	err = c.t.st.Scan(bClose, nil, nil, false, func(k, v []byte) error {
		n++
		where := func() string { return fmt.Sprintf("closing %d", n) }
		if len(k) != 8 || binary.BigEndian.Uint64(k) != n {
			c.add(3, where(), "is missing: the closings go on at key %x", k)
			if len(k) == 8 {
				n = binary.BigEndian.Uint64(k)
			}
		}
		cl, err := decodeClosing(v)
		if err != nil {
			c.add(3, where(), "does not decode: %v", err)
			return nil
		}
		switch {
		case n > uint64(len(years)) || years[n-1] != cl.Year:
			c.add(3, where(), "closes %s (%s to %s), which is not fiscal year %d", cl.Year.Label, cl.Year.Start, cl.Year.End, n)
		case len(c.closed) > 0 && cl.Seq < c.closed[len(c.closed)-1].Seq:
			c.add(3, where(), "was taken at posting sequence %d, before the closing of the year before (%d)", cl.Seq, c.closed[len(c.closed)-1].Seq)
		}
		c.closed = append(c.closed, cl)
		return nil
	})
	if err != nil {
		return err
	}
	if ctr, err := c.t.counter(ctrClose); err != nil {
		return err
	} else if ctr != n {
		c.add(3, "closings", "the book holds %d closings, their counter says %d", n, ctr)
	}
	return nil
}

// closedYear reports an entry posted after the closing of the year its
// date falls in. Closings come in year order at growing sequences: the
// last closing before the entry was posted closed the latest year the
// entry could not be dated in.
func (c *checker) closedYear(e *journal.Entry) {
	for i := len(c.closed) - 1; i >= 0; i-- {
		cl := &c.closed[i]
		if cl.Seq >= e.Seq {
			continue
		}
		if !e.Date.After(cl.Year.End) {
			c.add(3, "entry "+e.Name(), "is dated %s, in fiscal year %s, which was closed (at posting sequence %d) before it was posted",
				e.Date, cl.Year.Label, cl.Seq)
		}
		return
	}
}
