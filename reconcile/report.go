package reconcile

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// LetteringRow is one row of the lettering list: one live partial between
// a document and what settled it. Each amount is in the currency of its
// own line, the company amount beside it.
type LetteringRow struct {
	Partner     string              // partner code
	PartnerName string              // partner name, from the partner's master data
	Kind        journal.PartialKind // payment, credit note, write-off, exchange…

	Payment              string          // number of the settling entry, "BQ/2026/00003"
	PaymentID            journal.ID      // the settling entry's ID
	PaymentDate          journal.Date    // the date the customer paid
	PaymentAmount        currency.Amount // the settling line's full amount, in its currency
	PaymentAmountCompany currency.Amount // the same in the company currency

	Invoice             string          // number of the document, "VT/2026/00031"
	InvoiceID           journal.ID      // the document entry's ID
	InvoiceKind         string          // "normal", "cancellation", "penalty", "credit_note", or another document's entry type ("payment" for a refund)
	InvoiceDate         journal.Date    // the document's accounting date
	DueDate             journal.Date    // the document line's due date; zero if none
	InvoiceTotal        currency.Amount // the document's receivable or payable total (TTC), in its currency
	InvoiceTotalCompany currency.Amount // the same in the company currency
	// Settled is the part of the document settled by this row, in the
	// document's currency; SettledCompany the partial's company amount.
	Settled currency.Amount
	// SettledCompany is the partial's amount in the company currency.
	SettledCompany currency.Amount
}

// LetteringFilter selects rows of the lettering list. Zero fields select
// everything.
type LetteringFilter struct {
	Account string // receivable or payable account; "" means Config.Receivable
	Partner string // partner code; "" means every partner
	// MatchingAmounts keeps the rows where the payment and the document
	// have the same amount.
	MatchingAmounts bool
	// PaymentFrom and PaymentTo bound the payment date, inclusive; zero is
	// open.
	PaymentFrom, PaymentTo journal.Date
	// InvoiceFrom and InvoiceTo bound the document date, inclusive; zero is
	// open.
	InvoiceFrom, InvoiceTo journal.Date
}

// LetteringList returns one row per live partial on an account (every
// kind: payment, credit note, write-off, discount, exchange), by partner,
// document date, document number and payment date. The rows of a fully
// settled document sum to its total. It returns ledger.ErrUnknownAccount,
// ledger.ErrNotReconcilable or ledger.ErrUnknownPartner for an account or
// partner it cannot list. On an account kept without partners (an
// outstanding or suspense account) the rows have none.
func (r *Reconciler) LetteringList(ctx context.Context, f LetteringFilter) ([]LetteringRow, error) {
	account := f.Account
	if account == "" {
		account = r.cfg.Receivable
	}
	if err := r.book.View(ctx, func(t *ledger.Tx) error {
		a, err := t.Account(account)
		if err != nil {
			return err
		}
		if !a.Reconcilable {
			return fmt.Errorf("%w: %s", ledger.ErrNotReconcilable, account)
		}
		if f.Partner != "" {
			_, err = t.Partner(f.Partner)
		}
		return err
	}); err != nil {
		return nil, err
	}
	var refs []journal.LineRef
	for it, err := range r.book.Lines(ctx, ledger.LineFilter{Account: account, Partner: f.Partner}) {
		if err != nil {
			return nil, err
		}
		refs = append(refs, it.Ref)
	}
	var rows []LetteringRow
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		rows = rows[:0]
		w := &work{r: r, t: t}
		for _, ref := range refs {
			ps, err := t.LivePartials(ref)
			if err != nil {
				return err
			}
			for _, p := range ps {
				row, mine, err := w.letteringRow(ref, p)
				if err != nil {
					return err
				}
				if mine && f.keeps(&row) {
					rows = append(rows, row)
				}
			}
		}
		return nil
	})
	slices.SortStableFunc(rows, func(a, b LetteringRow) int {
		return cmp.Or(cmp.Compare(a.Partner, b.Partner), cmp.Compare(a.InvoiceDate.Key(), b.InvoiceDate.Key()),
			cmp.Compare(a.Invoice, b.Invoice), cmp.Compare(a.PaymentDate.Key(), b.PaymentDate.Key()), cmp.Compare(a.Payment, b.Payment))
	})
	return rows, err
}

func (f *LetteringFilter) keeps(r *LetteringRow) bool {
	in := func(d, from, to journal.Date) bool {
		return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to))
	}
	same := r.PaymentAmount.Equal(r.InvoiceTotal)
	if r.PaymentAmount.Currency() != r.InvoiceTotal.Currency() {
		same = r.PaymentAmountCompany.Equal(r.InvoiceTotalCompany)
	}
	return in(r.PaymentDate, f.PaymentFrom, f.PaymentTo) && in(r.InvoiceDate, f.InvoiceFrom, f.InvoiceTo) &&
		(!f.MatchingAmounts || same)
}

// letteringRow builds the row of partial p seen from line ref; mine is
// false when ref is the settling side, so that each partial gives one row.
func (w *work) letteringRow(ref journal.LineRef, p journal.Partial) (LetteringRow, bool, error) {
	docRef, payRef, err := w.documentSide(p)
	if err != nil || docRef != ref {
		return LetteringRow{}, false, err
	}
	doc, err := w.load(docRef)
	if err != nil {
		return LetteringRow{}, false, err
	}
	pay, err := w.load(payRef)
	if err != nil {
		return LetteringRow{}, false, err
	}
	var partner ledger.Partner // none on an account kept without partners
	if doc.line.Partner != "" {
		if partner, err = w.t.Partner(doc.line.Partner); err != nil {
			return LetteringRow{}, false, err
		}
	}
	var total, totalCompany currency.Amount
	if d, err := w.document(doc.entry.ID); err == nil {
		total, totalCompany = d.total()
	} else if errors.Is(err, ErrNotDocument) {
		// An entry without a customer's or supplier's line (a cash-basis
		// entry's neutral base pair on an advances account): its line is
		// all there is of it.
		total, totalCompany = doc.line.AmountCurrency.Abs(), doc.line.Balance.Abs()
	} else {
		return LetteringRow{}, false, err
	}
	settled := p.DebitAmountCurrency
	if docRef == p.Credit {
		settled = p.CreditAmountCurrency
	}
	kind := doc.entry.DocKind.String()
	switch doc.entry.Type {
	case journal.TypeInvoice:
	case journal.TypeCreditNote:
		kind = "credit_note"
	default: // a refund, an opening balance: the entry's type
		kind = doc.entry.Type.String()
	}
	return LetteringRow{
		Partner: partner.Code, PartnerName: partner.Name, Kind: p.Kind,
		Payment: pay.entry.Name(), PaymentID: pay.entry.ID, PaymentDate: pay.entry.Date,
		PaymentAmount: pay.line.AmountCurrency.Abs(), PaymentAmountCompany: pay.line.Balance.Abs(),
		Invoice: doc.entry.Name(), InvoiceID: doc.entry.ID, InvoiceKind: kind, InvoiceDate: doc.entry.Date,
		DueDate: doc.line.DueDate, InvoiceTotal: total, InvoiceTotalCompany: totalCompany, Settled: settled, SettledCompany: p.Amount,
	}, true, nil
}

// documentSide says which line of a partial is the document (the invoice
// or bill; a credit note refunded by a payment) and which settles it.
func (w *work) documentSide(p journal.Partial) (doc, settling journal.LineRef, err error) {
	de, err := w.entry(p.Debit.Entry)
	if err != nil {
		return doc, settling, err
	}
	ce, err := w.entry(p.Credit.Entry)
	if err != nil {
		return doc, settling, err
	}
	rank := func(e *journal.Entry) int {
		switch e.Type {
		case journal.TypeInvoice:
			return 2
		case journal.TypeCreditNote:
			return 1
		}
		return 0
	}
	switch dr, cr := rank(&de), rank(&ce); {
	case dr > cr:
		return p.Debit, p.Credit, nil
	case cr > dr:
		return p.Credit, p.Debit, nil
	}
	// Same rank: the line on the account's natural side is the document.
	a, err := w.t.Account(de.Lines[p.Debit.Index].Account)
	if err != nil {
		return doc, settling, err
	}
	if a.Kind == ledger.KindPayable || a.Kind == ledger.KindSupplierAdvance {
		return p.Credit, p.Debit, nil
	}
	return p.Debit, p.Credit, nil
}

// PaymentSummary is what an invoice prints under its totals: each
// settlement with its method, date and amount, then the restant dû, in the
// document's currency (the company amounts beside them).
type PaymentSummary struct {
	Invoice      string          // the document's number, "VT/2026/00031"
	Total        currency.Amount // the document's total (TTC), in its currency, positive
	TotalCompany currency.Amount // the same in the company currency
	Payments     []SummaryLine   // one per live partial of the document
	Due          currency.Amount // restant dû
	DueCompany   currency.Amount // the same in the company currency
}

// SummaryLine is one settlement of a document.
type SummaryLine struct {
	Label         string          // the method ("Chèque", "Virement"…), "Avoir", "Passage en pertes"…
	Number        string          // the settling entry's number, "BQ/2026/00003"
	Date          journal.Date    // the settling entry's accounting date
	Amount        currency.Amount // settled on this document, in its currency
	AmountCompany currency.Amount // the same in the company currency
}

var frenchMethods = map[string]string{"transfer": "Virement", "cash": "Espèces", "cheque": "Chèque", "card": "Carte bancaire",
	"sepa_transfer": "Virement SEPA", "sepa_debit": "Prélèvement SEPA", "lcr_bor": "LCR / BOR"}

var frenchKinds = map[journal.PartialKind]string{journal.KindCreditNote: "Avoir", journal.KindWriteOff: "Passage en pertes",
	journal.KindDiscount: "Escompte", journal.KindExchange: "Différence de change", journal.KindClearing: "Relevé bancaire",
	journal.KindReversal: "Extourne", journal.KindPayment: "Règlement", journal.KindBill: "Effet de commerce"}

// Summary returns a document's payment summary. It returns ErrNotPosted or
// ErrNotDocument.
func (r *Reconciler) Summary(ctx context.Context, document journal.ID) (PaymentSummary, error) {
	var s PaymentSummary
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		w := &work{r: r, t: t}
		st, err := w.state(document)
		if err != nil {
			return err
		}
		e, err := t.Entry(document)
		if err != nil {
			return err
		}
		s = PaymentSummary{Invoice: e.Name(), Total: st.TotalCurrency, TotalCompany: st.Total,
			Due: st.ResidualCurrency, DueCompany: st.Residual}
		for i := range e.Lines {
			ps, err := t.LivePartials(e.LineRef(i))
			if err != nil {
				return err
			}
			for _, p := range ps {
				line, err := w.summaryLine(e.LineRef(i), p)
				if err != nil {
					return err
				}
				s.Payments = append(s.Payments, line)
			}
		}
		slices.SortStableFunc(s.Payments, func(a, b SummaryLine) int {
			return cmp.Or(cmp.Compare(a.Date.Key(), b.Date.Key()), cmp.Compare(a.Number, b.Number))
		})
		return nil
	})
	return s, err
}

func (w *work) summaryLine(ref journal.LineRef, p journal.Partial) (SummaryLine, error) {
	other, amount := p.Credit, p.DebitAmountCurrency
	if other == ref {
		other, amount = p.Debit, p.CreditAmountCurrency
	}
	oe, err := w.entry(other.Entry)
	if err != nil {
		return SummaryLine{}, err
	}
	label := frenchKinds[p.Kind]
	if oe.Type == journal.TypeCreditNote {
		label = frenchKinds[journal.KindCreditNote]
	}
	evs, err := w.t.Events(oe.ID)
	if err != nil {
		return SummaryLine{}, err
	}
	for _, ev := range evs {
		if ev.Kind == eventPayment {
			var meta paymentMeta
			if json.Unmarshal(ev.Data, &meta) == nil && frenchMethods[meta.Method] != "" {
				label = frenchMethods[meta.Method]
			}
		}
	}
	return SummaryLine{Label: label, Number: oe.Name(), Date: oe.Date, Amount: amount, AmountCompany: p.Amount}, nil
}

// String prints the summary as a French invoice does, one aligned row per
// settlement between the total and the restant dû.
func (s PaymentSummary) String() string {
	var b strings.Builder
	row := func(label, date, number string, a currency.Amount) {
		fmt.Fprintf(&b, "%s %s %s %s\n", currency.PadRight(label, 18), currency.PadRight(date, 10),
			currency.PadRight(number, 16), currency.PadLeft(a.French(), 12))
	}
	row("Total TTC", "", "", s.Total)
	for _, p := range s.Payments {
		row(p.Label, p.Date.French(), p.Number, p.Amount)
	}
	row("Restant dû", "", "", s.Due)
	return b.String()
}
