package fec

import (
	"strings"
)

// entryLine adds a checked line to its entry: the current one when the line
// has its journal and number, a new one otherwise. ok tells whether the
// line's amounts (v.d, v.c) could be read.
func (v *validator) entryLine(n int, f []string, date uint32, ok bool) {
	jc, num := v.get(f, colJournalCode), v.get(f, colEcritureNum)
	if !v.cur.open || jc != v.cur.journal || num != v.cur.num {
		v.closeEntry()
		v.openEntry(n, jc, num, date)
		v.cur.tainted = v.taint
	} else if date != 0 && v.cur.date != 0 && date != v.cur.date {
		v.add(n, colEcritureDate, CodeEntryDate, Error, "entry %s %s is dated %08d on an earlier line", jc, num, v.cur.date)
	}
	v.taint = false
	if !ok {
		v.cur.tainted = true
		return
	}
	v.sum(n, &v.cur.debit, &v.d)
	v.sum(n, &v.cur.credit, &v.c)
}

func (v *validator) openEntry(n int, jc, num string, date uint32) {
	key := jc + "\x00" + num // a fresh string: it must not pin the line
	v.cur = entry{open: true, line: n, journal: key[:len(jc)], num: key[len(jc)+1:], date: date}
	v.cur.debit.SetInt64(0)
	v.cur.credit.SetInt64(0)
	if !v.checkContiguous(n, key) {
		return // a second part of an entry: its number and date were checked
	}
	v.rep.Entries++
	js := v.journal(n, v.cur.journal)
	if js == nil {
		return
	}
	if date != 0 {
		if date < js.lastDate {
			v.add(n, colEcritureDate, CodeDateOrder, Warning, "entry %s %s dated %08d after one dated %08d in journal %s", jc, num, date, js.lastDate, jc)
		}
		js.lastDate = max(js.lastDate, date)
	}
	if v.opts.GlobalNumbering {
		js = &v.global
	}
	v.checkNumber(n, js, v.cur.num)
}

// checkContiguous reports an entry seen before, whose lines are split, and
// returns false for it.
func (v *validator) checkContiguous(n int, key string) bool {
	if _, dup := v.seen[key]; dup {
		jc, num, _ := strings.Cut(key, "\x00")
		v.add(n, colEcritureNum, CodeNotContiguous, Error, "entry %s %s appeared earlier: its lines must be together", jc, num)
		return false
	}
	if len(v.seen) >= entriesTrackedMax {
		v.addOnce(n, -1, CodeLimit, Warning, "more than %d entries: split entries are no longer detected", entriesTrackedMax)
		return true
	}
	v.seen[key] = struct{}{}
	return true
}

// journal returns the state of journal jc, or nil past journalsMax.
func (v *validator) journal(n int, jc string) *journalState {
	if js, ok := v.journals[jc]; ok {
		return js
	}
	if len(v.journals) >= journalsMax {
		v.addOnce(n, -1, CodeLimit, Warning, "more than %d journals: later ones are not followed", journalsMax)
		return nil
	}
	js := &journalState{}
	v.journals[jc] = js
	return js
}

// checkNumber compares an entry's number with the previous one of its
// journal when both end in digits after the same prefix ("VT/2026/00041"
// then "VT/2026/00042"). Another prefix starts a new sequence.
func (v *validator) checkNumber(n int, js *journalState, num string) {
	prefix, k, numeric := splitNumber(num)
	if numeric && js.numeric && prefix == js.prefix {
		switch {
		case k > js.n+1:
			v.add(n, colEcritureNum, CodeNumberGap, Error, "%s follows %s: %d number(s) missing", num, js.last, k-js.n-1)
		case k < js.n:
			v.add(n, colEcritureNum, CodeNumberOrder, Error, "%s follows %s: numbers must increase", num, js.last)
			return // keep the highest number: later ones follow it
		}
	}
	js.last, js.prefix, js.n, js.numeric = num, prefix, k, numeric
}

// splitNumber splits a number into a prefix and its trailing digits (at
// most 18 of them, so that they fit a uint64).
func splitNumber(s string) (prefix string, n uint64, ok bool) {
	i := len(s)
	for i > 0 && isDigit(s[i-1]) {
		i--
	}
	digits := s[i:]
	if digits == "" || len(digits) > 18 {
		return s, 0, false
	}
	for j := 0; j < len(digits); j++ {
		n = n*10 + uint64(digits[j]-'0')
	}
	return s[:i], n, true
}

// closeEntry checks that the entry being read balances.
func (v *validator) closeEntry() {
	e := &v.cur
	if !e.open {
		return
	}
	e.open = false
	if e.tainted || e.debit.Cmp(&e.credit) == 0 {
		return
	}
	v.add(e.line, -1, CodeUnbalanced, Error, "entry %s %s: debit %s, credit %s", e.journal, e.num,
		formatDecimal(&e.debit), formatDecimal(&e.credit))
}
