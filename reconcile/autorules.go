package reconcile

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// refHit is a document a line's text names.
type refHit struct {
	namer  *cand // the line naming it: a payment, or a refund naming a credit note
	doc    *refDoc
	field  string // "reference" or "label": where the line names it
	text   string // the line's words that name it
	rf     bool   // through an ISO 11649 creditor reference
	byRef  bool   // the document's reference, not its number
	digits bool   // by the digits of the number or reference alone
}

// refDoc is a document as the reference rule sees it: its open lines on
// the side named (an invoice with instalments has several), in due order.
type refDoc struct {
	lines []*cand
	// note: a credit note on the namers' own side, which a payment names
	// beside the invoices it pays; it joins the payment.
	note bool
	// namedBy are the lines whose texts name it (byReferenceFrom).
	namedBy []*cand
	// seen: a lettering of byReferenceFrom took it already.
	seen bool
	// one and by1 are the room of a document's first line and first
	// namer (most have one of each).
	one, by1 [1]*cand
}

// namedDoc is a document a key names, and whether by its reference (not
// its number); doc nil: a rival credit note (byReferenceFrom's digits).
type namedDoc struct {
	doc   *refDoc
	byRef bool
	key   string // the key it is named by (refScratch.reading)
}

// refScratch is the room byReferenceFrom reads a group's texts in, kept
// by the proposer from one call to the next: a book is a group a partner,
// each read twice. Nothing in it outlives the call that fills it.
type refScratch struct {
	tokens   []refToken
	reading  refReading
	docs     map[journal.ID]*refDoc
	index    map[string][]namedDoc
	namedOf  map[*cand][]refHit
	hits     []refHit // the hits of one namer, copied into room of the call's
	joined   []refHit // the hits of one lettering
	naming   []*cand
	docLines []*cand
	// seen marks the namers a lettering took, by cand.seen.
	seen uint64
}

// mapsRoomMax is the most keys a scratch map may have held and still be
// emptied for the next call rather than dropped: clearing costs what the
// map once held, and one partner of many lines must not slow every later one.
const mapsRoomMax = 512

// emptied returns m emptied, or a new map when m held too much to clear.
func emptied[K comparable, V any](m map[K]V) map[K]V {
	if m == nil || len(m) > mapsRoomMax {
		return map[K]V{}
	}
	clear(m)
	return m
}

func (d *refDoc) first() *cand { return d.lines[0] }

// open returns the document's lines not yet taken.
func (d *refDoc) open() []*cand { return open(d.lines) }

func isOpen(c *cand) bool { return !c.taken }

// byReversal is the first part of rule 1: an entry that reverses another
// (Book.Reverse) names it for certain, so their open lines are lettered
// together before any payment is looked at: a cancelled invoice must not
// take a receipt.
func (g *groupRun) byReversal() {
	if g.cancelled == nil {
		// No open entry with its open reversal (markCancelled, which reads
		// every item of the group): nothing here to letter.
		return
	}
	lines := map[journal.ID][]*cand{} // open lines by entry
	for _, side := range [][]*cand{g.payers, g.targets} {
		for _, c := range side {
			lines[c.it.Ref.Entry] = append(lines[c.it.Ref.Entry], c)
		}
	}
	for _, side := range [][]*cand{g.payers, g.targets} {
		for _, r := range side {
			orig := r.it.ReversalOf
			if r.taken || orig == journal.NoID || len(lines[orig]) == 0 {
				continue
			}
			var payers, targets []*cand
			for _, c := range append(slices.Clone(lines[orig]), lines[r.it.Ref.Entry]...) {
				if c.taken || c.cur != r.cur {
					continue
				}
				if c.debit == g.payersDebit {
					payers = append(payers, c)
				} else {
					targets = append(targets, c)
				}
			}
			if len(payers) == 0 || len(targets) == 0 {
				continue
			}
			o := lines[orig][0]
			g.propose(payers, targets, RuleReference, ExactReference, fmt.Sprintf("%s %s reverses %s %s",
				typeWord(r.it.Type), r.it.Number, typeWord(o.it.Type), o.it.Number), false)
		}
	}
}

// byReference is rule 1: a payment whose reference or label (its line's,
// or its entry's) names a document's number or reference (directly or as an ISO 11649 creditor
// reference) is lettered with it, all its open lines in due order.
// Payments naming the same documents are lettered together; one payment
// naming several documents pays them in the order named. The texts of the
// side settled are read too, against the settling side: a refund (a debit
// on a receivable) names the credit note it pays back, a reclassification
// the statement line it clears. A payment naming a credit note of its own
// side beside the invoices it pays ("FA-1 less AV-2") letters the credit
// note too: it pays what the invoices owe less the credit note (see
// settleNotes for a credit note two payments name).
func (g *groupRun) byReference() {
	g.byReferenceFrom(g.payers, g.targets, false)
	g.byReferenceFrom(g.targets, g.payers, true)
}

// byReferenceFrom letters the open lines of namers with the documents
// among named that their texts name. reversed says namers are the side
// settled: each proposal then keeps its payments first. A settling line the
// first pass left with a reason (its text named several documents, or one
// in another currency) is not taken back by the second: what it names
// decides.
func (g *groupRun) byReferenceFrom(namers, named []*cand, reversed bool) {
	type key = namedDoc
	rs := &g.p.refs
	// Whether any namer has a text to read: most documents (the side a
	// payment names) have none, and then nothing names anything.
	if !slices.ContainsFunc(namers, func(p *cand) bool {
		return !p.taken && (p.it.EntryRef != "" || p.it.Label != "" || p.it.EntryLabel != "")
	}) {
		return
	}
	rs.docs = emptied(rs.docs)
	docs := rs.docs
	room := make([]refDoc, 0, len(named)) // never grown: docs point into it
	order := make([]*refDoc, 0, len(named))
	for _, t := range named {
		// A line taken already (a cancelled invoice with its reversal)
		// names nothing and is named by nothing: left in, it would make
		// its reference ambiguous with the invoice issued in its place.
		if t.taken || reversed && g.notes[t] != "" {
			continue
		}
		d := docs[t.it.Ref.Entry]
		if d == nil {
			room = append(room, refDoc{})
			d = &room[len(room)-1]
			d.lines, d.namedBy = d.one[:0], d.by1[:0]
			docs[t.it.Ref.Entry] = d
			order = append(order, d)
		}
		d.lines = append(d.lines, t)
	}
	rs.index = emptied(rs.index)
	index := rs.index
	keys := make([]key, 0, 2*len(order)) // each key's first document, a slice of one
	add := func(k string, d *refDoc, byRef bool) {
		if len(k) < 3 || !strings.ContainsAny(k, "0123456789") {
			return // "ACOMPTE", "FA": words, not references
		}
		ks, ok := index[k]
		if !ok {
			keys = append(keys, key{d, byRef, k})
			index[k] = keys[len(keys)-1 : len(keys) : len(keys)]
			return
		}
		for _, o := range ks {
			if o.doc == d {
				return
			}
		}
		index[k] = append(ks, key{d, byRef, k})
	}
	for _, d := range order {
		number, _ := refKey(d.first().it.Number)
		ref, _ := refKey(d.first().it.EntryRef)
		add(number, d, false)
		add(ref, d, true)
	}
	if len(index) == 0 {
		return
	}
	// A word naming a document is read as the index's key, not a string
	// of its own.
	rs.reading.known = func(k []byte) (string, bool) {
		if ks := index[string(k)]; len(ks) > 0 {
			return ks[0].key, true
		}
		return "", false
	}
	defer func() { rs.reading.known = nil }()
	// The one invoice or credit note whose number or reference has the
	// digits of a payment's word that names nothing as written, by an
	// index built the first time one does. Only a payment names a
	// document so: a credit note's text naming its own number, or a
	// document's naming a payment's (journals number alike: BQ/2026/00001
	// and VT/2026/00001), would take another document. The credit notes
	// of the payments' side count as rivals: "moins avoir 2026-00002"
	// names no invoice VT/2026/00002.
	var digitIndex map[string][]key // key.doc nil: a rival credit note
	digitsNamed := func(p *cand, tok refToken) (key, bool) {
		if g.p.rules.NoReferenceDigits || reversed || !tok.digits || p.it.Type != journal.TypePayment {
			return key{}, false
		}
		if _, ok := g.p.journals[refLead(tok.text)]; ok {
			return key{}, false
		}
		if digitIndex == nil {
			digitIndex = map[string][]key{}
			index := func(k key, it *ledger.OpenItem) {
				for _, text := range [...]string{it.Number, it.EntryRef} {
					dk, ok := digitsOf(text)
					if ok && !slices.ContainsFunc(digitIndex[dk], func(o key) bool { return o.doc == k.doc && k.doc != nil }) {
						digitIndex[dk] = append(digitIndex[dk], k)
					}
					k.byRef = true
				}
			}
			for _, d := range order {
				if it := d.first().it; it.Type == journal.TypeInvoice || it.Type == journal.TypeCreditNote {
					index(key{doc: d}, it)
				}
			}
			for _, c := range namers {
				if c.it.Type == journal.TypeCreditNote {
					index(key{}, c.it)
				}
			}
		}
		dk, _ := digitsOf(tok.text)
		ks := digitIndex[dk]
		if len(ks) != 1 || ks[0].doc == nil {
			return key{}, false
		}
		if it := ks[0].doc.first().it; !ks[0].byRef && digitsShared(g.p.t, g.p.journals, it.Number, it.Journal, it.Date) {
			return key{}, false // another journal's document of those digits, paid or not
		}
		return ks[0], true
	}
	// The credit notes of the namers' side, indexed the first time a word
	// names nothing else.
	var notes, noteOf = map[string]*refDoc(nil), map[*cand]*refDoc(nil)
	indexed := reversed
	rs.namedOf = emptied(rs.namedOf)
	namedOf := rs.namedOf
	var notesNamed []*refDoc                  // the credit notes payments name, in the order first named
	hitRoom := make([]refHit, 0, len(namers)) // namedOf's hits, in one array of the call's
	for _, p := range namers {
		if p.taken {
			continue
		}
		hits := rs.hits[:0]
		// The first document nothing is owed on (paid, cancelled) that a
		// word naming no open document names, and where.
		var closed *closedDoc
		var closedBy struct{ name, text string }
		// The entry's label too, where it says more than the line's: a
		// receipt posted with a label on the entry only, or imported so.
		entryLabel := p.it.EntryLabel
		if entryLabel == p.it.Label {
			entryLabel = ""
		}
		for _, field := range [...]struct{ name, text string }{{"reference", p.it.EntryRef}, {"label", p.it.Label}, {"entry label", entryLabel}} {
			if field.text == "" {
				continue
			}
			rs.tokens = appendRefTokens(field.text, rs.tokens[:0], &rs.reading)
			for _, tok := range rs.tokens {
				ks := index[tok.text]
				digits := false
				if len(ks) == 0 {
					// A word that names no document of the other side
					// may name a credit note of the payment's own.
					if !indexed {
						notes, noteOf = g.ownNotes(namers)
						indexed = true
					}
					if d := notes[tok.text]; d != nil {
						if p.it.Type != journal.TypeCreditNote && noteOf[p] != d &&
							!hasHit(hits, d) && slices.ContainsFunc(d.lines, isOpen) && d.first().cur == p.cur {
							hits = append(hits, refHit{namer: p, doc: d, field: field.name, text: field.text, rf: tok.rf})
						}
						continue
					}
					// Or, by its digits alone, one document of the other
					// side: "2026-00197" for VT/2026/00197. Digits that two
					// documents share name neither, and say nothing: the
					// word was not a number as written.
					k, ok := digitsNamed(p, tok)
					if !ok {
						if closed == nil && !reversed && p.it.Type == journal.TypePayment {
							if d := g.closedNamed(tok.text, named); d != nil && !g.letteredWith(p, d.id) {
								closed, closedBy = d, field
							}
						}
						continue
					}
					ks, digits = []key{k}, true
				}
				if len(ks) > 1 {
					docs := make([]*refDoc, len(ks))
					for i, k := range ks {
						docs[i] = k.doc
					}
					g.noteNamed(p, reversed, fmt.Sprintf("%s %q names %d documents (%s): ambiguous", field.name, field.text, len(ks),
						numbersOfKeys(ks, ", ", func(k key) *cand { return k.doc.first() })), docs...)
					continue
				}
				if len(ks) == 0 || hasHit(hits, ks[0].doc) {
					continue
				}
				d := ks[0].doc
				if len(d.open()) == 0 {
					continue
				}
				if t := d.first(); t.cur != p.cur {
					g.noteNamed(p, reversed, fmt.Sprintf("%s %q names %s %s in %s, the %s is in %s: letter it with the agreed rate",
						field.name, field.text, typeWord(t.it.Type), t.it.Number, t.cur, typeWord(p.it.Type), p.cur), d)
					continue
				}
				hits = append(hits, refHit{namer: p, doc: d, field: field.name, text: field.text, rf: tok.rf, byRef: ks[0].byRef, digits: digits})
			}
		}
		// A payment naming credit notes and nothing else pays nothing by
		// reference: its words do not join it to what the notes reduce.
		if !slices.ContainsFunc(hits, func(h refHit) bool { return !h.doc.note }) {
			hits = nil
			// A payment naming a document paid or cancelled, and nothing
			// open, is a second payment of it or a mistake: the amount
			// rules must not spend it on another document of its amount.
			if closed != nil && g.notes[p] == "" {
				g.noteNamed(p, false, fmt.Sprintf("%s %s %s %q names %s %s, %s: a duplicate payment or a mistake; letter it by hand or refund it",
					typeWord(p.it.Type), p.it.Number, closedBy.name, clip(closedBy.text, 40), typeWord(journal.TypeInvoice), closed.number, closed.state))
			}
		}
		if cap(hits) > 0 {
			rs.hits = hits[:0] // its room, for the next namer
		}
		if len(hits) > 0 {
			// Into the call's room, each namer's hits a slice capped at
			// its own (settleNotes deletes from them in place).
			start := len(hitRoom)
			hitRoom = append(hitRoom, hits...)
			hits = hitRoom[start:len(hitRoom):len(hitRoom)]
			namedOf[p] = hits
			for _, h := range hits {
				if h.doc.note && len(h.doc.namedBy) == 0 {
					notesNamed = append(notesNamed, h.doc)
				}
				h.doc.namedBy = append(h.doc.namedBy, p)
			}
		}
	}
	g.settleNotes(notesNamed, namedOf)
	// Lines naming a shared document are one lettering: walk the
	// components in the order of their first naming line. A credit note a
	// payment names joins that payment's lettering (settleNotes).
	rs.seen++ // a namer is seen when its cand.seen is this call's
	for _, p := range namers {
		if p.seen == rs.seen || namedOf[p] == nil {
			continue
		}
		// naming is the queue of the namers joined too: those before
		// next were walked.
		naming, docLines, hits := rs.naming[:0], rs.docLines[:0], rs.joined[:0]
		naming = append(naming, p)
		p.seen = rs.seen
		join := func(o *cand) {
			if o.seen != rs.seen {
				o.seen = rs.seen
				naming = append(naming, o)
			}
		}
		for next := 0; next < len(naming); next++ {
			q := naming[next]
			if d := noteOf[q]; d != nil {
				for _, o := range d.namedBy {
					join(o)
				}
			}
			for _, h := range namedOf[q] {
				hits = append(hits, h)
				if h.doc.seen {
					continue
				}
				h.doc.seen = true
				if h.doc.note {
					for _, c := range h.doc.open() {
						join(c)
					}
				} else {
					docLines = append(docLines, h.doc.open()...)
				}
				for _, o := range h.doc.namedBy {
					join(o)
				}
			}
		}
		rs.naming, rs.docLines, rs.joined = naming[:0], docLines[:0], hits[:0] // their room, for the next
		if len(docLines) == 0 {
			continue // credit notes named, and nothing they and the payment pay
		}
		// The credit notes named first: Apply letters them with the
		// documents they reduce, and the payments pay what is left. Notes
		// that leave nothing to pay are left out (a credit note that names
		// documents itself, and no payment names, is a namer as any).
		credits := 0
		var credited, owed int64
		for i, c := range naming {
			if d := noteOf[c]; d != nil && d.seen && namedOf[c] == nil {
				naming[credits], naming[i] = naming[i], naming[credits]
				credits++
				credited = satAdd(credited, c.amt)
			}
		}
		owed = minorSum(docLines)
		if credits > 0 && credited >= owed {
			naming, credits = naming[credits:], 0
			hits = slices.DeleteFunc(hits, func(h refHit) bool { return h.doc.note })
		}
		if len(naming)+len(docLines) > RequestLinesMax {
			for _, q := range naming {
				g.note(q, fmt.Sprintf("its reference joins %d lines, more than one lettering takes (%d)", len(naming)+len(docLines), RequestLinesMax))
			}
			continue
		}
		slices.SortFunc(naming[:credits], candOrder)
		slices.SortFunc(naming[credits:], candOrder)
		if reversed {
			g.referenceProposal(docLines, naming, hits, 0)
		} else {
			g.referenceProposal(naming, docLines, hits, credits)
		}
	}
}

// settleNotes decides what the credit notes payments name beside the
// documents they pay (notes, in the order first named) set off, before the
// lines naming shared documents are joined into letterings:
//   - a credit note two payments name is set off by neither (which invoice
//     it reduces is not said): their words naming it are dropped;
//   - a credit note one payment names is that payment's set-off, whatever
//     its own words name (its reference is often the invoice it was issued
//     on, and the customer deducted it from another): they are dropped.
//
// A payment left naming credit notes only names nothing.
func (g *groupRun) settleNotes(notes []*refDoc, namedOf map[*cand][]refHit) {
	drop := func(namer *cand, d *refDoc) {
		hits := slices.DeleteFunc(namedOf[namer], func(h refHit) bool { return h.doc == d })
		d.namedBy = slices.DeleteFunc(d.namedBy, func(c *cand) bool { return c == namer })
		if !slices.ContainsFunc(hits, func(h refHit) bool { return !h.doc.note }) {
			for _, h := range hits {
				h.doc.namedBy = slices.DeleteFunc(h.doc.namedBy, func(c *cand) bool { return c == namer })
			}
			hits = nil
		}
		if len(hits) == 0 {
			delete(namedOf, namer)
		} else {
			namedOf[namer] = hits
		}
	}
	for _, d := range notes {
		by := d.namedBy
		// Payments, not lines: one receipt's lines on the account name alike.
		var payments []*cand
		for _, c := range by {
			if !slices.ContainsFunc(payments, func(o *cand) bool { return o.it.Ref.Entry == c.it.Ref.Entry }) {
				payments = append(payments, c)
			}
		}
		switch {
		case len(payments) > 1:
			if g.unsaid == nil {
				g.unsaid = map[*cand]string{}
			}
			for _, c := range d.lines {
				g.unsaid[c] = fmt.Sprintf("named by %d payments (%s): which invoice it reduces is not said", len(payments), numbers(payments))
			}
			for _, namer := range slices.Clone(by) {
				drop(namer, d)
			}
		case len(by) > 0:
			for _, c := range d.lines {
				for _, h := range slices.Clone(namedOf[c]) {
					drop(c, h.doc)
				}
			}
		}
	}
}

// ownNotes indexes by number the open credit notes among namers, which
// the payments beside them may name ("VT/1 less VT/2"), and returns each
// note's document by line; nil when namers hold no credit note. Only a
// payment's side is looked at so (a refund or an invoice naming another
// is no payment). A number two notes share names neither. By number
// only: a credit note's own reference is often the invoice it credits,
// which a payment naming that invoice names.
func (g *groupRun) ownNotes(namers []*cand) (map[string]*refDoc, map[*cand]*refDoc) {
	var byNumber map[string]*refDoc
	var noteOf map[*cand]*refDoc
	var byEntry map[journal.ID]*refDoc
	for _, c := range namers {
		if c.taken || c.it.Type != journal.TypeCreditNote {
			continue
		}
		d := byEntry[c.it.Ref.Entry]
		if d == nil {
			if byEntry == nil {
				byNumber, noteOf, byEntry = map[string]*refDoc{}, map[*cand]*refDoc{}, map[journal.ID]*refDoc{}
			}
			d = &refDoc{note: true}
			byEntry[c.it.Ref.Entry] = d
			if k, _ := refKey(c.it.Number); len(k) >= 3 && strings.ContainsAny(k, "0123456789") {
				if _, twice := byNumber[k]; twice {
					byNumber[k] = nil
				} else {
					byNumber[k] = d
				}
			}
		}
		d.lines = append(d.lines, c)
		noteOf[c] = d
	}
	return byNumber, noteOf
}

// noteNamed notes why a line whose text names documents was not lettered
// with them by reference. A payment's own reference says what it pays:
// the amount rules may still letter it, but only with documents it names
// (two invoices of one order it names, summing to it), never with another
// of the same amount. A document naming payments (reversed) is only
// noted.
func (g *groupRun) noteNamed(c *cand, reversed bool, why string, named ...*refDoc) {
	g.note(c, why)
	if reversed {
		return
	}
	if g.named == nil {
		g.named = map[*cand]map[*cand]bool{}
	}
	if g.named[c] == nil {
		g.named[c] = map[*cand]bool{}
	}
	for _, d := range named {
		for _, l := range d.lines {
			g.named[c][l] = true
		}
	}
}

// closedDoc is an invoice of the group's account and partner that nothing
// is owed on any more: lettered in full (paid, or settled by a credit
// note), or cancelled by its reversal.
type closedDoc struct {
	id     journal.ID
	number string
	state  string // "already paid", "cancelled (reversed by VT/2026/00040)"
}

// closedNamed returns the invoice nothing is owed on that a payment's word
// (a refKey) names as written, its number or its reference, when the word
// names no open document; nil when it names none, or two. The invoices
// are read the first time a word asks, once a group; only on accounts
// lettered per partner. named are the open lines of the side settled.
func (g *groupRun) closedNamed(word string, named []*cand) *closedDoc {
	if g.closed == nil {
		g.closed = g.closedDocs(named)
	}
	return g.closed[word]
}

// letteredWith reports whether payment p is lettered, in part, with a
// line of entry id: a payment naming the invoice it paid, what is left of
// it is an overpayment the other rules may letter, not a second payment.
// A read error counts as lettered: the other rules then run, as before
// closed invoices were read.
func (g *groupRun) letteredWith(p *cand, id journal.ID) bool {
	ps, err := g.p.t.LivePartials(p.it.Ref)
	if err != nil {
		return true
	}
	return slices.ContainsFunc(ps, func(x journal.Partial) bool { return x.Debit.Entry == id || x.Credit.Entry == id })
}

// closedDocs indexes by number and reference the invoices of the group's
// partner that nothing is owed on: those of the side settled with no open
// line, and those cancelled with a reversal still open (the reversal rule
// letters them together). A key two invoices share names neither (nil).
// A read error leaves the invoices it hides out: the payment goes to the
// other rules, as before they were read.
func (g *groupRun) closedDocs(named []*cand) map[string]*closedDoc {
	docs := map[string]*closedDoc{}
	add := func(d *closedDoc, texts ...string) {
		for _, text := range texts {
			k, _ := refKey(text)
			if len(k) < 3 || !strings.ContainsAny(k, "0123456789") {
				continue
			}
			if o, ok := docs[k]; ok && o != d {
				docs[k] = nil
			} else {
				docs[k] = d
			}
		}
	}
	for _, t := range named {
		if !t.taken || !g.cancelled[t.it.Ref.Entry] || t.it.Type != journal.TypeInvoice {
			continue
		}
		d := &closedDoc{id: t.it.Ref.Entry, number: t.it.Number, state: "cancelled"}
		for _, r := range g.payers {
			if r.it.ReversalOf == t.it.Ref.Entry {
				d.state = "cancelled (reversed by " + r.it.Number + ")"
				break
			}
		}
		add(d, t.it.Number, t.it.EntryRef)
	}
	if !g.account.Kind.NeedsPartner() || !g.mayHaveClosed(named) {
		return docs
	}
	open := make(map[journal.ID]bool, len(named)) // made only past mayHaveClosed, which most partners stop at
	for _, t := range named {
		open[t.it.Ref.Entry] = true
	}
	lines, err := g.p.t.Lines(ledger.LineFilter{Account: g.account.Code, Partner: g.partner})
	if err != nil {
		return docs
	}
	w := &work{r: g.p.r, t: g.p.t} // to read a settled invoice's state
	for _, l := range lines {
		id, b := l.Ref.Entry, l.Line.Balance
		debit := b.Sign() > 0 || b.IsZero() && l.Line.AmountCurrency.Sign() > 0
		if open[id] || debit == g.payersDebit {
			continue
		}
		open[id] = true // read once
		e, err := g.p.t.Entry(id)
		if err != nil || e.Type != journal.TypeInvoice {
			continue
		}
		d := &closedDoc{id: id, number: l.Number, state: "already paid"}
		// Settled is not paid: an invoice whose debt went to a bill of
		// exchange not collected yet, or returned unpaid (the debt put
		// back on another line), may be owed again, and a payment naming
		// it may pay it: the other rules decide, as before.
		if st, err := w.state(id); err != nil ||
			st.State != Paid && st.State != InPayment && st.State != Reversed {
			continue
		} else if st.State == InPayment {
			if collected, err := w.billsCollected(l.Ref); err != nil || !collected {
				continue
			}
		}
		if rid, ok, err := g.p.t.ReversedBy(id); err == nil && ok {
			d.state = "cancelled"
			if r, err := g.p.t.Entry(rid); err == nil {
				d.state = "cancelled (reversed by " + r.Name() + ")"
			}
		}
		add(d, l.Number, e.Ref)
	}
	return docs
}

// billsCollected reports whether every bill of exchange a document line
// was lettered with collected the debt it took (its money may still wait
// for the bank): true for a line no bill took.
func (w *work) billsCollected(ref journal.LineRef) (bool, error) {
	ps, err := w.t.LivePartials(ref)
	if err != nil {
		return false, err
	}
	for _, p := range ps {
		if p.Kind != journal.KindBill {
			continue
		}
		bill, err := w.entry(p.Other(ref).Entry)
		if err != nil {
			return false, err
		}
		for i := range bill.Lines {
			if !w.r.cfg.billsAccount(bill.Lines[i].Account) {
				continue
			}
			if collected, err := w.billCollected(&bill, bill.LineRef(i)); err != nil || !collected {
				return false, err
			}
		}
	}
	return true, nil
}

// mayHaveClosed reports whether the partner may have a line of the side
// settled that is not open: its debits (or credits) on the account, read
// from the account's aggregates, come to more than the open lines of that
// side were posted for. A partner all of whose invoices are open (most of
// them, in a book lettered as it goes) has its lines left unread. A read
// error says it may: the lines are read, as before.
func (g *groupRun) mayHaveClosed(named []*cand) bool {
	b, err := g.p.t.Balance(ledger.BalanceQuery{Account: g.account.Code, Partner: g.partner})
	if err != nil {
		return true
	}
	posted := b.Debit
	if g.payersDebit {
		posted = b.Credit
	}
	open := currency.Zero(posted.Currency())
	for _, c := range named {
		if open, err = open.Add(c.it.Balance.Abs()); err != nil {
			return true
		}
	}
	cmp, err := posted.Cmp(open)
	return err != nil || cmp > 0
}

// mayLetter reports whether the amount rules may letter payment p with
// document t: always, unless p's text names documents rule 1 could not
// letter it with, and t is not one of their lines.
func (g *groupRun) mayLetter(p, t *cand) bool {
	s, ok := g.named[p]
	return !ok || s[t]
}

func hasHit(hits []refHit, d *refDoc) bool {
	for _, h := range hits {
		if h.doc == d {
			return true
		}
	}
	return false
}

// referenceProposal proposes payers with targets, one side naming the
// other as hits say, with a write-off when what is left between them is
// within the tolerance. The first credits payers are credit notes a
// payment named beside the documents it pays.
func (g *groupRun) referenceProposal(payers, targets []*cand, hits []refHit, credits int) {
	// The reason is appended into one buffer: a book lettered by
	// reference builds one for most of its payments.
	why := g.p.why[:0]
	defer func() { g.p.why = why[:0] }()
	for i, h := range hits {
		if i > 0 {
			why = append(why, "; "...)
		}
		if i == 3 {
			why = fmt.Appendf(why, "and %d more", len(hits)-3)
			break
		}
		// payment BQ/2026/00012 reference "VT/2026/00031" = invoice number VT/2026/00031;
		// payment BQ/2026/00012 label "Règlement FA-118" = invoice VT/2026/00031 reference "FA-118"
		p, t := h.namer, h.doc.first()
		why = append(append(append(append(why, typeWord(p.it.Type)...), ' '), p.it.Number...), ' ')
		why = appendQuoteClipped(append(append(why, h.field...), ' '), h.text, 40)
		if h.rf {
			why = append(why, " (creditor reference)"...)
		}
		why = append(append(append(why, " = "...), typeWord(t.it.Type)...), ' ')
		if h.byRef {
			why = appendQuoteClipped(append(append(why, t.it.Number...), " reference "...), t.it.EntryRef, 40)
		} else {
			why = append(append(why, "number "...), t.it.Number...)
		}
		if h.digits {
			why = append(why, " by its digits"...)
		}
	}
	why = append(why, "; "...)
	var credited int64
	for _, n := range payers[:credits] {
		credited = satAdd(credited, n.amt)
	}
	if len(payers) == credits+1 {
		if offs := g.discountsOf(payers[credits], targets, credited); offs != nil {
			g.proposeWith(payers, targets, RuleReference, ExactReference,
				string(discountsReason(why, payers[credits], targets, offs, credited)), false, offs)
			return
		}
	}
	// The common case, payments paying exactly what they name, told in
	// minor units: the totals below as decimals are for sums an int64
	// would not hold (minorSum saturates at its maximum).
	if credits == 0 {
		if paid := minorSum(payers); paid != math.MaxInt64 && paid == minorSum(targets) {
			why = append(currency.FromMinor(payers[0].cur, paid).AppendFrench(append(why, "amount "...)), " equal"...)
			g.propose(payers, targets, RuleReference, ExactReference, string(why), false)
			return
		}
	}
	// Many lines of large amounts may not sum in an int64: total them as
	// decimals.
	paid, owed := total(payers), total(targets)
	// What pays, as the reason says it: with credit notes named, what the
	// payments paid and what the notes credit.
	paying := func() string {
		if credits > 0 {
			return total(payers[credits:]).French() + " paid and " + total(payers[:credits]).French() + " credited"
		}
		return paid.French()
	}
	diff := mustSub(paid, owed)
	conf, writeOff := ExactReference, false
	switch tol := currency.FromMinor(paid.Currency(), g.p.rules.tolerance(&g.p.r.cfg, paid.Currency())); {
	case diff.IsZero() && credits > 0:
		why = fmt.Appendf(why, "%s = %s owed", paying(), owed.French())
	case diff.IsZero():
		why = append(paid.AppendFrench(append(why, "amount "...)), " equal"...)
	case mustCmp(diff.Abs(), tol) <= 0 && g.p.rules.writesOff(paid, owed):
		conf, writeOff = WithinTolerance, true
		why = fmt.Appendf(why, "%s for %s: %s written off", paying(), owed.French(), diff.Abs().French())
	case diff.Sign() < 0 && credits > 0:
		why = fmt.Appendf(why, "%s of %s, %s stays due", paying(), owed.French(), diff.Neg().French())
	case diff.Sign() < 0:
		why = fmt.Appendf(why, "%s paid of %s, %s stays due", paid.French(), owed.French(), diff.Neg().French())
	default:
		why = fmt.Appendf(why, "%s for %s, %s stays open on the %s", paying(), owed.French(), diff.French(),
			typeWord(payers[len(payers)-1].it.Type))
	}
	g.propose(payers, targets, RuleReference, conf, string(why), writeOff)
}

// byExactAmount is rule 2: a payment and a document of the same residual
// within the date window, when each is the other's only candidate.
func (g *groupRun) byExactAmount() {
	// Each side's open lines by amount (currency, then residual), in
	// candOrder within one amount: a lookup is a binary search in slices
	// the proposer keeps, not a map of lists made for each group.
	room := &g.p.exact
	room.targets, room.payers = byAmount(room.targets, g.targets), byAmount(room.payers, g.payers)
	byTarget, byPayer := room.targets, room.payers
	for _, p := range g.payers {
		if p.taken {
			continue
		}
		k := p
		cs := room.cs[:0]
		for _, t := range ofAmount(byTarget, k) {
			if !t.taken && g.within(p, t) && g.mayLetter(p, t) {
				cs = append(cs, t)
			}
		}
		room.cs = cs[:0]
		if len(cs) == 0 {
			continue
		}
		amount := currency.FrenchMinor(p.cur, p.amt)
		instalments := 0
		if len(cs) > 1 && oneDocument(cs) {
			instalments = len(cs)
			cs = cs[:1] // instalments of one invoice: the earliest due first
		}
		if len(cs) > 1 {
			g.holdAmbiguous(p, fmt.Sprintf("ambiguous: %d open items of %s within %d days (%s)", len(cs), amount, g.p.rules.window(), numbers(cs)))
			continue
		}
		t := cs[0]
		rivals := room.rivals[:0]
		for _, q := range ofAmount(byPayer, k) {
			if !q.taken && g.within(q, t) && g.mayLetter(q, t) {
				rivals = append(rivals, q)
			}
		}
		room.rivals = rivals[:0]
		// Payments of one amount for as many instalments of one invoice
		// decide nothing a person must: each takes the earliest due left,
		// in payment order.
		if len(rivals) > 1 && !(len(rivals) <= instalments && rivals[0] == p) {
			g.holdAmbiguous(p, fmt.Sprintf("ambiguous: %s of %s for %s %s (%s)", countText(rivals), amount,
				typeWord(t.it.Type), t.it.Number, numbers(rivals)))
			continue
		}
		// "payment BQ/2026/00012 100,00 € = invoice VT/2026/00031 100,00 €,
		// the only open item of that amount within 60 days", written in
		// the proposer's room: most payments of a book may be lettered so.
		why := g.p.why[:0]
		for _, c := range [...]*cand{p, t} {
			if c == t {
				why = append(why, " = "...)
			}
			why = append(append(append(append(append(why, typeWord(c.it.Type)...), ' '), c.it.Number...), ' '), amount...)
		}
		if instalments > 1 {
			why = fmt.Appendf(why, ", the earliest due of its %d open instalments of that amount (due %s)", instalments, t.due.French())
		} else {
			why = append(strconv.AppendInt(append(why, ", the only open item of that amount within "...), int64(g.p.rules.window()), 10), " days"...)
		}
		g.p.why = why[:0]
		g.propose([]*cand{p}, []*cand{t}, RuleExactAmount, ExactAmount, string(why), false)
	}
}

// exactRoom is the room byExactAmount works in, kept by the proposer
// from one group to the next.
type exactRoom struct {
	targets, payers []*cand // open lines by amount (byAmount)
	cs, rivals      []*cand
}

// byAmount returns the open lines of side in dst, by currency, residual
// and then candOrder.
func byAmount(dst, side []*cand) []*cand {
	dst = dst[:0]
	for _, c := range side {
		if !c.taken {
			dst = append(dst, c)
		}
	}
	slices.SortFunc(dst, func(a, b *cand) int {
		if c := cmpAmount(a, b.cur, b.amt); c != 0 {
			return c
		}
		return candOrder(a, b)
	})
	return dst
}

// cmpAmount orders c's amount against cur and amt: currency (code, then
// digits), then residual.
func cmpAmount(c *cand, cur currency.Currency, amt int64) int {
	if n := strings.Compare(c.cur.Code(), cur.Code()); n != 0 {
		return n
	}
	if n := cmp.Compare(c.cur.Digits(), cur.Digits()); n != 0 {
		return n
	}
	return cmp.Compare(c.amt, amt)
}

// ofAmount returns the lines of sorted (byAmount) of k's currency and
// residual, in candOrder.
func ofAmount(sorted []*cand, k *cand) []*cand {
	from, _ := slices.BinarySearchFunc(sorted, k, func(c, k *cand) int { return cmpAmount(c, k.cur, k.amt) })
	to := from
	for to < len(sorted) && sorted[to].cur == k.cur && sorted[to].amt == k.amt {
		to++
	}
	return sorted[from:to]
}

// holdAmbiguous notes why a payment rule 2 found a tie for stays open, and
// keeps it from the combination and tolerance rules: an item of exactly
// its amount is a likelier match than any combination or write-off, so
// proposing one of those would hide the tie from the person who must
// decide it (as Odoo's matching prefers a single line of the exact
// amount to any batch). Oldest first, a policy the caller chose, still
// allocates it.
func (g *groupRun) holdAmbiguous(p *cand, why string) {
	g.note(p, why)
	g.ambiguous[p] = true
}

// oneDocument reports whether every candidate is a line of one entry.
func oneDocument(cs []*cand) bool {
	for _, c := range cs[1:] {
		if c.it.Ref.Entry != cs[0].it.Ref.Entry {
			return false
		}
	}
	return true
}

// byCombination is rule 3: several of many whose residuals sum exactly to
// one. Run with payers as ones it finds the documents a payment covers,
// net of the partner's open credit notes when the documents alone do not
// sum to it (see netOfCreditNotes); reversed, the payments that together
// pay one document (credit notes, being on the payments' side, are among
// them already). A payment rule 2 found ambiguous takes no part either
// way.
func (g *groupRun) byCombination(ones, many []*cand, reversed bool) {
	size, limit := g.p.rules.combination(), g.p.rules.workLimit()
	for _, o := range ones {
		if o.taken || g.ambiguous[o] {
			continue
		}
		var notes []*cand
		if !reversed {
			notes = g.creditNotesFor(o)
		}
		// A credit note lets in a document larger than the payment: net of
		// all the notes, the documents may sum to reach at most.
		reach := o.amt
		for _, n := range notes {
			reach = satAdd(reach, n.amt)
		}
		var cs, wide, held []*cand
		for _, m := range many {
			if m.taken || m.cur != o.cur || m.amt > reach || !g.within(o, m) {
				continue
			}
			if reversed && !g.mayLetter(m, o) || !reversed && !g.mayLetter(o, m) {
				continue
			}
			if g.ambiguous[m] {
				// A tie of rule 2 takes part in no combination, but one
				// of exactly o's amount still keeps o from one.
				held = append(held, m)
				continue
			}
			if m.amt <= o.amt {
				cs = append(cs, m)
			}
			wide = append(wide, m)
		}
		if len(cs) < 2 && (len(notes) == 0 || len(wide) == 0) {
			continue
		}
		// One item of exactly its amount is rule 2's to letter, or to
		// leave when the caller switched it off: a likelier match than any
		// combination, which would take its payment.
		if exact := exactOf(o, slices.Concat(cs, held)); len(exact) > 0 {
			if !reversed {
				g.note(o, fmt.Sprintf("%s of exactly its amount (%s): the exact-amount rule's to letter, not the combination's",
					countText(exact), numbers(exact)))
			}
			continue
		}
		set, net, limited, searched := g.cover(cs, func() []*cand { return wide }, notes, o.amt, 0, -1, size, limit)
		if set == nil {
			if limited {
				if !reversed {
					if g.unsearched == nil {
						g.unsearched = map[*cand]bool{}
					}
					g.unsearched[o] = true
				}
				if reversed {
					g.limitReached(cs...)
				} else {
					g.limitReached(o)
				}
				why := fmt.Sprintf("combination search stopped after %d candidate sets (the work limit) among %d open items: raise Rules.WorkLimit or letter by hand", limit, searched)
				if !reversed {
					g.note(o, why)
				} else {
					// The payments searched for this document say so.
					for _, c := range cs {
						g.note(c, fmt.Sprintf("%s for %s %s", why, typeWord(o.it.Type), o.it.Number))
					}
				}
			}
			continue
		}
		docs := sumText(set)
		if len(net) > 0 {
			docs += " less " + sumText(net)
		}
		reason := fmt.Sprintf("%s %s %s = %s, the earliest-due combination of %d that sums exactly",
			typeWord(o.it.Type), o.it.Number, currency.FrenchMinor(o.cur, o.amt), docs, len(set)+len(net))
		if reversed {
			g.propose(set, []*cand{o}, RuleCombination, Combination, reason, false)
		} else {
			// The credit notes first: Apply letters them with the
			// documents they reduce, and the payment pays what is left.
			g.propose(append(net, o), set, RuleCombination, Combination, reason, false)
		}
	}
}

// cover is rule 3's search, which the tolerance rule shares: two or more
// of the documents cs (at most size) whose residuals sum to amt within tol
// (find's exclude aside); when there are none, the documents wide()
// returns net of the credit notes (netNotes). The documents alone come
// first, as the rule always searched them: a set that needs no credit
// note stays the proposal it was; the search net of credit notes gets
// what is left of the work limit. It returns the documents and notes
// picked, whether the limit stopped a search, and how many open items the
// last search read.
func (g *groupRun) cover(cs []*cand, wide func() []*cand, notes []*cand, amt, tol, exclude int64, size, limit int) (set, net []*cand, limited bool, searched int) {
	work := 0
	searched = len(cs)
	if len(cs) >= 2 {
		var pick []int
		pick, limited = newCombination(cs, &work, limit).find(amt-tol, amt+tol, 2, size, exclude)
		for _, k := range pick {
			set = append(set, cs[k])
		}
	}
	if set == nil && !limited && len(notes) > 0 {
		if w := wide(); len(w) > 0 {
			searched = len(w) + len(notes)
			set, net, limited = g.netNotes(w, notes, amt, tol, size, &work, limit)
		}
	}
	return set, net, limited, searched
}

// creditNotesFor returns the open credit notes, other than p, that may net
// the documents a payment p pays: on p's side, of its currency and partner,
// within the date window, in due order. Not one rule 2 found ambiguous.
func (g *groupRun) creditNotesFor(p *cand) []*cand {
	var out []*cand
	for _, c := range g.payers {
		if c != p && !c.taken && !g.ambiguous[c] && c.it.Type == journal.TypeCreditNote && c.cur == p.cur && g.within(p, c) {
			out = append(out, c)
		}
	}
	return out
}

// netNotes is netOfCreditNotes for g's lines: a credit note whose text
// names documents rule 1 could not letter it with nets only those
// (mayLetter). The notes free of that are searched together first, then
// each bound one alone with the documents it names.
func (g *groupRun) netNotes(docs, notes []*cand, amt, tol int64, size int, work *int, limit int) (set, net []*cand, limited bool) {
	var free, bound []*cand
	for _, n := range notes {
		if g.named[n] == nil {
			free = append(free, n)
		} else {
			bound = append(bound, n)
		}
	}
	if len(free) > 0 {
		if set, net, limited = netOfCreditNotes(docs, free, amt, tol, size, work, limit); set != nil || limited {
			return set, net, limited
		}
	}
	for _, n := range bound {
		var own []*cand
		for _, d := range docs {
			if g.mayLetter(n, d) {
				own = append(own, d)
			}
		}
		if len(own) == 0 {
			continue
		}
		if set, net, limited = netOfCreditNotes(own, []*cand{n}, amt, tol, size, work, limit); set != nil || limited {
			return set, net, limited
		}
	}
	return nil, nil, false
}

// netOfCreditNotes finds the first set of docs that sums to amt plus a
// set of notes, exactly or within tol of it, with at most size lines of
// both together: the sets of notes in due order (one note, then with the
// next…), each with the earliest-due documents that fit, as Odoo's batch matching nets a credit
// note against invoices. Each set of notes counts as one candidate set
// against limit, with the documents searched for it, in *work. It returns
// the documents and notes picked (nil when none) and whether the limit
// stopped the search.
func netOfCreditNotes(docs, notes []*cand, amt, tol int64, size int, work *int, limit int) (set, net []*cand, limited bool) {
	search := newCombination(docs, work, limit)
	var picked []int
	var walk func(start int, owed int64) []int
	walk = func(start int, owed int64) []int {
		for i := start; i < len(notes); i++ {
			if *work++; *work > limit {
				limited = true
				return nil
			}
			// More notes only raise what the documents must reach: past
			// all of them (or past what a sum may hold), none of this
			// branch can fit.
			if notes[i].amt > combinationSumMax-tol-owed || owed+notes[i].amt-tol > search.suffix[0] {
				continue
			}
			sum := owed + notes[i].amt
			picked = append(picked, i)
			pick, lim := search.find(sum-tol, sum+tol, 1, size-len(picked), -1)
			if pick != nil || lim {
				limited = lim
				return pick
			}
			if len(picked) < size-1 {
				if pick := walk(i+1, sum); pick != nil || limited {
					return pick
				}
			}
			picked = picked[:len(picked)-1]
		}
		return nil
	}
	if amt > combinationSumMax-tol {
		return nil, nil, false
	}
	pick := walk(0, amt)
	if pick == nil {
		return nil, nil, limited
	}
	for _, k := range pick {
		set = append(set, docs[k])
	}
	for _, k := range picked {
		net = append(net, notes[k])
	}
	return set, net, false
}

// combinationSumMax is the largest sum, in minor units, a combination
// searches for: a sum in progress stays at most the sum searched, and one
// more line (at most journal.AmountMinorUnitsMax) must not overflow it.
const combinationSumMax = math.MaxInt64 - journal.AmountMinorUnitsMax

// combine finds, in the order of cs, the first set of minN to maxN of
// them whose amounts sum within [lo, hi] and not to exclude, exploring at
// most limit candidate sets. Taking cs in due order makes the first set
// found the one with the earliest due dates. It returns the indexes picked
// (nil when none) and whether the limit stopped the search.
func combine(cs []*cand, lo, hi int64, minN, maxN, limit int, exclude int64) (pick []int, limited bool) {
	work := 0
	return newCombination(cs, &work, limit).find(lo, hi, minN, maxN, exclude)
}

// combination is a bounded search among cs, in their order, that several
// searches for one payment share: the candidate sets they explore are
// counted together in *work, against limit.
type combination struct {
	cs []*cand
	// suffix[i] is the sum of cs[i:], held at math.MaxInt64 when larger: a
	// branch that cannot reach lo even with all the rest is cut.
	suffix []int64
	work   *int
	limit  int
}

func newCombination(cs []*cand, work *int, limit int) *combination {
	suffix := make([]int64, len(cs)+1)
	for i := len(cs) - 1; i >= 0; i-- {
		suffix[i] = satAdd(suffix[i+1], cs[i].amt)
	}
	return &combination{cs: cs, suffix: suffix, work: work, limit: limit}
}

// find is combine's search on c's candidates, counting its work in
// c.work. The caller keeps hi at most combinationSumMax: every amount is
// below 10^18, and a sum in progress stays at most hi, so sum + amount
// never overflows.
func (c *combination) find(lo, hi int64, minN, maxN int, exclude int64) (pick []int, limited bool) {
	cs, suffix := c.cs, c.suffix
	stack := make([]int, 0, maxN)
	var search func(start int, sum int64) bool
	search = func(start int, sum int64) bool {
		if satAdd(sum, suffix[start]) < lo {
			return false
		}
		for i := start; i < len(cs); i++ {
			if *c.work++; *c.work > c.limit {
				limited = true
				return false
			}
			s := sum + cs[i].amt
			if s > hi {
				continue
			}
			stack = append(stack, i)
			if s >= lo && len(stack) >= minN && s != exclude {
				return true
			}
			if len(stack) < maxN && search(i+1, s) {
				return true
			}
			stack = stack[:len(stack)-1]
			if limited {
				return false
			}
		}
		return false
	}
	if search(0, 0) {
		return stack, limited
	}
	return nil, limited
}

// limitReached marks the payments a search the work limit stopped was
// for; reportUnmatched counts those of the scope (see
// Proposals.WorkLimitReached).
func (g *groupRun) limitReached(noted ...*cand) {
	for _, c := range noted {
		c.limited = true
	}
}

// satAdd adds two non-negative counts, holding at math.MaxInt64.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// oldestFirst is rule 4, a policy the caller turns on: what remains of the
// payments, oldest first, pays the remaining documents by due date, per
// currency. Each run of allocations that ends with both sides at zero is
// one lettering.
func (g *groupRun) oldestFirst() {
	var curs []currency.Currency
	for _, p := range g.payers {
		if !p.taken && !containsCur(curs, p.cur) {
			curs = append(curs, p.cur)
		}
	}
	for _, cur := range curs {
		// A payment whose text names documents rule 1 could not letter it
		// with pays those or nothing (mayLetter): the policy does not
		// spend it on others.
		var ps []*cand
		for _, p := range ofCurrency(open(g.payers), cur) {
			if g.named[p] == nil {
				ps = append(ps, p)
			}
		}
		ts := ofCurrency(open(g.targets), cur)
		// One stream of the whole group, as on a partner's account,
		// unless it would pair one partner's line with another's (an
		// account lettered across partners, where only a line without a
		// partner faces anyone's). Then each partner's lines are a stream
		// with the lines without a partner, and what is left of those
		// goes among itself.
		if runs, crosses := planOldestFirst(ps, ts); !crosses {
			g.proposeOldestFirst(runs)
			continue
		}
		for _, partner := range partnersOf(ps, ts) {
			runs, _ := planOldestFirst(ofPartner(open(ps), partner), ofPartner(open(ts), partner))
			g.proposeOldestFirst(runs)
		}
		runs, _ := planOldestFirst(ofPartner(open(ps), ""), ofPartner(open(ts), ""))
		g.proposeOldestFirst(runs)
	}
}

// partnersOf returns the partners named by the lines of ps, then of ts,
// in order of first line.
func partnersOf(ps, ts []*cand) []string {
	var out []string
	for _, cs := range [][]*cand{ps, ts} {
		for _, c := range cs {
			if c.it.Partner != "" && !slices.Contains(out, c.it.Partner) {
				out = append(out, c.it.Partner)
			}
		}
	}
	return out
}

// ofPartner returns the lines of cs whose partner is partner or who have
// none.
func ofPartner(cs []*cand, partner string) []*cand {
	out := cs[:0:0]
	for _, c := range cs {
		if c.it.Partner == partner || c.it.Partner == "" {
			out = append(out, c)
		}
	}
	return out
}

// oldestRun is one lettering of rule 4: payments and the documents they
// pay, each side in due order.
type oldestRun struct{ payers, targets []*cand }

// planOldestFirst allocates payments ps to documents ts, both in due
// order, as Apply pairs them (KeepOrder): each run of allocations that
// ends with both sides at zero is one lettering, the last one what is
// left when a side runs out. crosses reports an allocation between lines
// of two partners, which no lettering may hold (samePartner).
func planOldestFirst(ps, ts []*cand) (runs []oldestRun, crosses bool) {
	if len(ps) == 0 || len(ts) == 0 {
		return nil, false
	}
	var cp, ct []*cand
	flush := func() {
		if len(cp) > 0 && len(ct) > 0 {
			runs = append(runs, oldestRun{cp, ct})
		}
		cp, ct = nil, nil
	}
	i, j, pl, tl := 0, 0, ps[0].amt, ts[0].amt
	for i < len(ps) && j < len(ts) && len(cp)+len(ct)+2 <= RequestLinesMax {
		if !samePartner(ps[i], ts[j]) {
			crosses = true
		}
		if len(cp) == 0 || cp[len(cp)-1] != ps[i] {
			cp = append(cp, ps[i])
		}
		if len(ct) == 0 || ct[len(ct)-1] != ts[j] {
			ct = append(ct, ts[j])
		}
		m := min(pl, tl)
		pl, tl = pl-m, tl-m
		pDone, tDone := pl == 0, tl == 0
		if pDone {
			if i++; i < len(ps) {
				pl = ps[i].amt
			}
		}
		if tDone {
			if j++; j < len(ts) {
				tl = ts[j].amt
			}
		}
		if pDone && tDone {
			flush()
		}
	}
	flush()
	return runs, crosses
}

// proposeOldestFirst proposes the runs planOldestFirst made.
func (g *groupRun) proposeOldestFirst(runs []oldestRun) {
	for _, r := range runs {
		// The last run may end with one side short: say what stays.
		left := ""
		paid, owed := total(r.payers), total(r.targets)
		switch c := mustCmp(paid, owed); {
		case c < 0:
			left = fmt.Sprintf("; %s stays due on %s", mustSub(owed, paid).French(), r.targets[len(r.targets)-1].it.Number)
		case c > 0:
			left = fmt.Sprintf("; %s of %s stays unallocated", mustSub(paid, owed).French(), r.payers[len(r.payers)-1].it.Number)
		}
		g.propose(r.payers, r.targets, RuleOldestFirst, OldestFirst, fmt.Sprintf("oldest due first (policy): %s pay %s%s",
			sumText(r.payers), dueText(r.targets), left), false)
	}
}

func containsCur(cs []currency.Currency, c currency.Currency) bool {
	for _, o := range cs {
		if o == c {
			return true
		}
	}
	return false
}

// exactOf returns the candidates of exactly o's amount among cs.
func exactOf(o *cand, cs []*cand) []*cand {
	var out []*cand
	for _, c := range cs {
		if c.amt == o.amt && c.cur == o.cur {
			out = append(out, c)
		}
	}
	return out
}

func ofCurrency(cs []*cand, cur currency.Currency) []*cand {
	out := cs[:0:0]
	for _, c := range cs {
		if c.cur == cur {
			out = append(out, c)
		}
	}
	return out
}

// withinTolerance is rule 5: a payment within the write-off tolerance of
// one document, or of a combination, is proposed with the write-off; not
// one rule 2 found ambiguous. Then a remainder within the tolerance — a
// document its payments or credit notes settled all but a few cents of,
// with no payment left open to pay them — is proposed written off alone.
func (g *groupRun) withinTolerance() {
	g.paymentsWithinTolerance()
	g.remaindersWithinTolerance()
}

// remaindersWithinTolerance proposes writing off what is left on a
// document already lettered in part, when it is within the tolerance and
// no payment of the partner is still open in its currency (which may be
// meant to pay it: a person's choice).
func (g *groupRun) remaindersWithinTolerance() {
	var rest []*cand
	for _, t := range g.targets {
		if t.taken || g.ambiguous[t] {
			continue
		}
		if tol := g.p.rules.tolerance(&g.p.r.cfg, t.cur); tol <= 0 || t.amt > tol ||
			t.it.Residual.AmountCurrency.Equal(t.it.Amount) { // nothing paid it yet: no remainder
			continue
		}
		if !slices.ContainsFunc(g.payers, func(q *cand) bool { return !q.taken && q.cur == t.cur && g.mayLetter(q, t) }) {
			rest = append(rest, t)
		}
	}
	// In the rules' order, whether or not the group's were sorted (a
	// group without payments is not).
	slices.SortFunc(rest, candOrder)
	for _, t := range rest {
		g.propose(nil, []*cand{t}, RuleTolerance, WithinTolerance, fmt.Sprintf("%s %s: %s left after %s, written off (tolerance %s)",
			typeWord(t.it.Type), t.it.Number, currency.FrenchMinor(t.cur, t.amt), g.settledBy(t),
			currency.FrenchMinor(t.cur, g.p.rules.tolerance(&g.p.r.cfg, t.cur))), true)
	}
}

// settledBy says, for a reason, what lettered the part of t already
// settled: "its payments", "its credit notes", or both. It reads t's
// partials, which only a remainder's reason needs.
func (g *groupRun) settledBy(t *cand) string {
	payments, notes := false, false
	if ps, err := g.p.t.LivePartials(t.it.Ref); err == nil {
		for _, p := range ps {
			switch p.Kind {
			case journal.KindCreditNote:
				notes = true
			case journal.KindPayment, journal.KindClearing, journal.KindBill:
				payments = true
			}
		}
	}
	switch {
	case payments && notes:
		return "its payments and credit notes"
	case notes:
		return "its credit notes"
	case payments:
		return "its payments"
	}
	return "its lettering"
}

// paymentsWithinTolerance is the first half of rule 5: a payment within
// the tolerance of one document or of a combination.
func (g *groupRun) paymentsWithinTolerance() {
	size, limit := g.p.rules.combination(), g.p.rules.workLimit()
	// A document with a payment of exactly its amount open (one rule 2
	// found a tie for, or left when switched off) is that payment's to
	// settle: a write-off against another would hide it.
	type key struct {
		cur currency.Currency
		amt int64
	}
	exactPayers := map[key][]*cand{}
	for _, q := range g.payers {
		if !q.taken {
			exactPayers[key{q.cur, q.amt}] = append(exactPayers[key{q.cur, q.amt}], q)
		}
	}
	paidExactly := func(t, p *cand) bool {
		for _, q := range exactPayers[key{t.cur, t.amt}] {
			if q != p && !q.taken && g.within(q, t) && g.mayLetter(q, t) {
				return true
			}
		}
		return false
	}
	for _, p := range g.payers {
		if p.taken || g.ambiguous[p] {
			continue
		}
		tol := g.p.rules.tolerance(&g.p.r.cfg, p.cur)
		if tol <= 0 {
			continue
		}
		var best, exact []*cand
		bestDiff := int64(-1)
		var cs []*cand
		for _, t := range g.targets {
			if t.taken || t.cur != p.cur || !g.within(p, t) || !g.mayLetter(p, t) {
				continue
			}
			d := abs64(t.amt - p.amt)
			if d == 0 {
				exact = append(exact, t)
				continue
			}
			if paidExactly(t, p) {
				continue
			}
			if t.amt <= p.amt+tol {
				cs = append(cs, t)
			}
			if d > tol {
				continue
			}
			switch {
			case bestDiff < 0 || d < bestDiff:
				best, bestDiff = []*cand{t}, d
			case d == bestDiff:
				best = append(best, t)
			}
		}
		// A document of exactly the payment's amount is rule 2's to
		// letter, or to leave when the caller switched it off: one a few
		// cents away must not take the payment in its place.
		if len(exact) > 0 {
			g.note(p, fmt.Sprintf("%s of exactly its amount (%s): the exact-amount rule's to letter, not the tolerance's",
				countText(exact), numbers(exact)))
			continue
		}
		if len(best) > 1 {
			g.note(p, fmt.Sprintf("ambiguous: %d open items within %s of it (%s)", len(best),
				currency.FrenchMinor(p.cur, bestDiff), numbers(best)))
			continue
		}
		// Another payment within the tolerance of that document makes it
		// a person's choice which settles it, and how much is written off.
		if len(best) == 1 {
			t := best[0]
			var rivals []*cand
			for _, q := range g.payers {
				if q != p && !q.taken && q.cur == t.cur && abs64(t.amt-q.amt) <= tol && g.within(q, t) && g.mayLetter(q, t) {
					rivals = append(rivals, q)
				}
			}
			if len(rivals) > 0 {
				g.note(p, fmt.Sprintf("ambiguous: %s within %s of %s %s too (%s)", countText(rivals),
					currency.FrenchMinor(p.cur, tol), typeWord(t.it.Type), t.it.Number, numbers(rivals)))
				continue
			}
		}
		var set, net []*cand
		if len(best) == 1 {
			set = best
		} else if !g.p.rules.NoCombination && size >= 2 {
			// As rule 3: the documents alone, then net of the partner's
			// credit notes.
			notes := g.creditNotesFor(p)
			wide := func() []*cand {
				reach := satAdd(p.amt, tol)
				for _, n := range notes {
					reach = satAdd(reach, n.amt)
				}
				var out []*cand
				for _, t := range g.targets {
					if !t.taken && !g.ambiguous[t] && t.cur == p.cur && t.amt <= reach && g.within(p, t) && g.mayLetter(p, t) && !paidExactly(t, p) {
						out = append(out, t)
					}
				}
				return out
			}
			var limited bool
			set, net, limited = g.nearestCover(p, cs, wide, notes, tol, size, limit)
			if set == nil && limited {
				g.limitReached(p)
				g.note(p, fmt.Sprintf("combination search within the tolerance stopped after %d candidate sets (the work limit)", limit))
			}
		}
		if set == nil {
			continue
		}
		// What pays: the payment, and the credit notes netted with it.
		paid, owed := total(append([]*cand{p}, net...)), total(set)
		diff, writeOff := mustSub(paid, owed).Abs().French(), g.p.rules.writesOff(paid, owed)
		what := fmt.Sprintf("%s written off (tolerance %s)", diff, currency.FrenchMinor(p.cur, tol))
		switch {
		case paid.Equal(owed): // a combination within the tolerance of an exact sum
			what = "amount equal"
		case !writeOff:
			what = fmt.Sprintf("%s overpaid stays open on the %s (tolerance %s)", diff, typeWord(p.it.Type), currency.FrenchMinor(p.cur, tol))
		}
		docs := sumText(set)
		if len(net) > 0 {
			docs += " less " + sumText(net)
		}
		// The credit notes first, as rule 3 has them: Apply letters them
		// with the documents they reduce, and the payment pays the rest.
		g.propose(append(net, p), set, RuleTolerance, WithinTolerance, fmt.Sprintf("%s %s %s ≈ %s: %s",
			typeWord(p.it.Type), p.it.Number, currency.FrenchMinor(p.cur, p.amt), docs, what), writeOff && !paid.Equal(owed))
	}
}

// nearestCover is cover for rule 5: of the combinations within tol of
// payment p, one nearest its amount, the earliest-due of those; the
// write-off is the least the partner's open items allow. As in rule 3,
// documents alone within the tolerance are not netted with credit notes.
// Each search narrows the band to less than the last set's difference,
// until none is found, each within the work limit (at most one search a
// minor unit of the tolerance, one or two in practice). A search the work
// limit stops leaves no set: whether a nearer one exists is unknown.
func (g *groupRun) nearestCover(p *cand, cs []*cand, wide func() []*cand, notes []*cand, tol int64, size, limit int) (set, net []*cand, limited bool) {
	for band := tol; band > 0; {
		s, n, lim, _ := g.cover(cs, wide, notes, p.amt, band, p.amt, size, limit)
		if lim {
			return nil, nil, true
		}
		if s == nil {
			break
		}
		set, net = s, n
		if len(n) == 0 {
			// The documents alone sum within the tolerance: as in
			// rule 3, no credit note is netted for a nearer set.
			notes = nil
		}
		band = abs64(minorSum(s)-satAdd(p.amt, minorSum(n))) - 1
	}
	return set, net, false
}

// minorSum is the residual of cs in minor units, held at math.MaxInt64
// when larger.
func minorSum(cs []*cand) int64 {
	var n int64
	for _, c := range cs {
		n = satAdd(n, c.amt)
	}
	return n
}

// total is the residual of cs as an amount: exact however many lines
// and however large (an int64 of minor units would overflow).
func total(cs []*cand) currency.Amount {
	t := currency.Zero(cs[0].cur)
	for _, c := range cs {
		t = mustAdd(t, currency.FromMinor(c.cur, c.amt))
	}
	return t
}

// sumText names a set of items with their amounts: "invoice VT/2026/00001
// 100,00 €", or "3 invoices VT/2026/00001 + VT/2026/00002 + VT/2026/00003
// (300,00 €)".
func sumText(cs []*cand) string {
	if len(cs) == 1 {
		return fmt.Sprintf("%s %s %s", typeWord(cs[0].it.Type), cs[0].it.Number, currency.FrenchMinor(cs[0].cur, cs[0].amt))
	}
	word := typeWord(cs[0].it.Type)
	for _, c := range cs[1:] {
		if typeWord(c.it.Type) != word {
			word = "item"
		}
	}
	names := make([]string, 0, 6)
	for i, c := range cs {
		if i == 5 {
			names = append(names, fmt.Sprintf("%d more", len(cs)-5))
			break
		}
		names = append(names, c.it.Number)
	}
	return fmt.Sprintf("%d %s %s (%s)", len(cs), plural(word), strings.Join(names, " + "), total(cs).French())
}

// countText counts items by what they are: "2 payments", or "1 credit
// note and 1 payment" when they are of different kinds.
func countText(cs []*cand) string {
	var words []string
	count := map[string]int{}
	for _, c := range cs {
		w := typeWord(c.it.Type)
		if count[w] == 0 {
			words = append(words, w)
		}
		count[w]++
	}
	parts := make([]string, len(words))
	for i, w := range words {
		if n := count[w]; n > 1 {
			parts[i] = fmt.Sprintf("%d %s", n, plural(w))
		} else {
			parts[i] = "1 " + w
		}
	}
	return andList(parts)
}

// dueText names documents with their due dates: "2 invoices VT/2026/00001
// + VT/2026/00002 due 31/01/2026 to 28/02/2026 (1 800,00 €)".
func dueText(cs []*cand) string {
	first, last := cs[0].due, cs[len(cs)-1].due
	when := "due " + first.French()
	if last != first {
		when += " to " + last.French()
	}
	// Documents, not lines: an invoice's instalments are one invoice,
	// named once with how many of its instalments are in.
	type doc struct {
		number string
		lines  int
	}
	docs := make([]doc, 0, len(cs))
	for _, c := range cs {
		if k := slices.IndexFunc(docs, func(d doc) bool { return d.number == c.it.Number }); k >= 0 {
			docs[k].lines++
		} else {
			docs = append(docs, doc{c.it.Number, 1})
		}
	}
	names := make([]string, 0, min(len(docs), 6))
	for i, d := range docs {
		if i == 5 {
			// Each named, the first five, as a person checks them.
			names = append(names, fmt.Sprintf("%d more", len(docs)-5))
			break
		}
		if d.lines > 1 {
			d.number += fmt.Sprintf(" (%d instalments)", d.lines)
		}
		names = append(names, d.number)
	}
	word := typeWord(cs[0].it.Type) + " " + names[0]
	if len(docs) > 1 {
		word = fmt.Sprintf("%d %s %s", len(docs), plural(typeWord(cs[0].it.Type)), strings.Join(names, " + "))
	}
	return fmt.Sprintf("%s %s (%s)", word, when, total(cs).French())
}

// numbers lists the entry numbers of items, at most five.
func numbers(cs []*cand) string { return numbersOfKeys(cs, ", ", func(c *cand) *cand { return c }) }

// numbersOfKeys lists the entry numbers of the items of ks, at most five,
// joined by sep.
func numbersOfKeys[T any](ks []T, sep string, c func(T) *cand) string {
	var names []string
	for i, k := range ks {
		if i == 5 {
			names = append(names, fmt.Sprintf("%d more", len(ks)-5))
			break
		}
		names = append(names, c(k).it.Number)
	}
	return strings.Join(names, sep)
}

// typeWord is what a person calls an entry of type t.
func typeWord(t journal.EntryType) string {
	switch t {
	case journal.TypeInvoice:
		return "invoice"
	case journal.TypeCreditNote:
		return "credit note"
	case journal.TypePayment:
		return "payment"
	case journal.TypeStatementLine:
		return "statement line"
	case journal.TypeOpening:
		return "opening item"
	case journal.TypeWriteOff:
		return "write-off"
	case journal.TypeExchangeDifference:
		return "exchange difference"
	case journal.TypeDiscount:
		return "discount"
	}
	return "entry"
}

// plural is the plural of one of typeWord's words.
func plural(word string) string {
	if word == "entry" {
		return "entries"
	}
	return word + "s"
}

// appendQuoteClipped appends strconv.Quote(clip(s, n)) to b without
// making the clipped text: the quoting is rune by rune, so quoting the
// kept runes, then the ellipsis, writes the same bytes.
func appendQuoteClipped(b []byte, s string, n int) []byte {
	if len(s) <= n {
		return strconv.AppendQuote(b, s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	b = strconv.AppendQuote(b, s[:n])
	return append(b[:len(b)-1], "…\""...)
}

// clip cuts s to n bytes at a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
