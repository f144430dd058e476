package report

import (
	"slices"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// closedLettering is the lettering of a closed fiscal year as it stood
// when the year was closed. A closed year's books are final: its FEC, its
// general ledger and its partner ledger show the letters the lines had at
// the closing, whatever was lettered or unlettered since, so that what was
// filed and what is printed again agree.
type closedLettering struct {
	closed bool      // the year holding the date asked is closed
	at     time.Time // when it was
	// undone is the letter, at the closing, of each line whose match was
	// recorded by then and undone after it.
	undone map[journal.LineRef]fecLetter
}

// readClosedLettering reads, when the fiscal year holding day is closed,
// when it was and the letters of the matches undone since. It reads every
// match of the book once, and keeps only those.
func readClosedLettering(t *ledger.Tx, day journal.Date) (closedLettering, error) {
	var c closedLettering
	closings, err := t.Closings()
	if err != nil {
		return c, err
	}
	i := slices.IndexFunc(closings, func(cl ledger.Closing) bool {
		return !day.Before(cl.Year.Start) && !day.After(cl.Year.End)
	})
	if i < 0 {
		return c, nil
	}
	c.closed, c.at = true, closings[i].At
	err = t.EachMatch(func(m journal.Match) error {
		if m.Live() || !m.UndoneAt.After(c.at) || m.Code == "" || m.CreatedAt.After(c.at) {
			return nil
		}
		if c.undone == nil {
			c.undone = map[journal.LineRef]fecLetter{}
		}
		for _, ref := range m.Lines {
			c.undone[ref] = fecLetter{code: m.Code, date: m.Date}
		}
		return nil
	})
	return c, err
}

// letter returns the letter line ref shows at date at, m being the live
// match holding it when found: the match's when it is dated on or before
// at and, in a closed year, was recorded by the closing; else, in a closed
// year, the letter of a match the line had at the closing, undone since,
// when dated on or before at.
func (c *closedLettering) letter(m journal.Match, found bool, ref journal.LineRef, at journal.Date) (fecLetter, bool) {
	if found && m.Live() && m.Code != "" && !m.Date.After(at) && (!c.closed || !m.CreatedAt.After(c.at)) {
		return fecLetter{code: m.Code, date: m.Date}, true
	}
	if l, ok := c.undone[ref]; ok && !l.date.After(at) {
		return l, true
	}
	return fecLetter{}, false
}
