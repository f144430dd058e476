package print

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// TransferSlip prints the slip of a SEPA credit transfer run (bordereau
// de virement), on a landscape A4 page: the account debited, the
// execution date, and each transfer's beneficiary, account, reference
// (a structured creditor reference whole), execution date (its own, or
// the run's) and amount, with the count and the total.
func TransferSlip(w io.Writer, run bank.CreditTransferRun) error {
	if len(run.Payments) == 0 {
		return fmt.Errorf("%w: a transfer slip without transfers", ErrDocument)
	}
	// The run's date, else its transfers' when they all share one: a run
	// may leave each transfer its own.
	date := run.ExecutionDate
	if date.IsZero() {
		date = run.Payments[0].ExecutionDate
		for _, t := range run.Payments[1:] {
			if t.ExecutionDate != date {
				date = journal.Date{}
			}
		}
	}
	p := newPageIn("L", run.Debtor.Name, "Bordereau de virements SEPA", date)
	p.line("Compte débité", paperIBAN(run.Debtor.IBAN))
	if run.Debtor.BIC != "" {
		p.line("BIC", string(run.Debtor.BIC))
	}
	p.line("Remise", run.MsgID)
	if !date.IsZero() {
		p.line("Exécution", frenchDate(date))
	}
	p.pdf.Ln(4)
	var rows [][]string
	total := currency.Zero(currency.MustLookup("EUR"))
	for _, t := range run.Payments {
		ref := t.Remittance
		if t.CreditorRef != "" {
			ref = t.CreditorRef
		}
		on := t.ExecutionDate
		if on.IsZero() {
			on = run.ExecutionDate
		}
		rows = append(rows, []string{t.Creditor.Name, paperIBAN(t.Creditor.IBAN), ref, frenchDate(on), p.money(t.Amount)})
		var err error
		if total, err = total.Add(t.Amount); err != nil {
			return fmt.Errorf("%w: %v", ErrDocument, err)
		}
	}
	// The IBAN column holds the longest SEPA IBAN (Malta's 31 characters,
	// grouped by four); the reference one a creditor reference's 25.
	p.table([]float64{64, 76, 62, 25, 40}, []string{"Bénéficiaire", "IBAN", "Référence", "Exécution", "Montant"}, rows, // float ok: page geometry in millimetres, not money
		[]string{"", "", "", count(len(rows), "virement"), p.money(total)})
	return p.write(w)
}

// paperIBAN is an IBAN in its paper form, as typed tidied first
// ("de89 3704…" is DE89 3704…): the account the file debits or credits.
func paperIBAN(iban ident.IBAN) string {
	if parsed, err := ident.ParseIBAN(string(iban)); err == nil {
		return parsed.Paper()
	}
	return iban.Paper()
}

// count is n things in French: "1 virement", "3 virements".
func count(n int, thing string) string {
	if n > 1 {
		thing += "s"
	}
	return strconv.Itoa(n) + " " + thing
}

// Cheque is one cheque of a deposit.
type Cheque struct {
	Drawer string          // tireur
	Bank   string          // banque tirée, when known
	Number string          // the cheque's number
	Amount currency.Amount // the cheque's amount, positive
}

// ChequeDeposit is a cheque deposit slip's content.
type ChequeDeposit struct {
	Company string       // the depositing company's name
	Account ident.IBAN   // the company's account the cheques are paid into
	ID      string       // the deposit's reference: "REM-…"
	Date    journal.Date // the date of the deposit
	Cheques []Cheque     // the cheques, in the order printed
}

// DepositOf builds the slip of a cheque deposit recorded in the book: each
// receipt's partner as the drawer, its cheque's number and bank as
// registered (Payment.Cheque; its reference and "-" otherwise), and its
// amount in the cheque's own currency.
func DepositOf(ctx context.Context, rec *reconcile.Reconciler, b reconcile.Batch, company string) (ChequeDeposit, error) {
	book := rec.Book()
	j, err := book.Journal(ctx, b.Journal)
	if err != nil {
		return ChequeDeposit{}, err
	}
	d := ChequeDeposit{Company: company, Account: j.IBAN, ID: b.ID, Date: b.Date}
	for _, id := range b.Payments {
		e, err := book.Entry(ctx, id)
		if err != nil {
			return ChequeDeposit{}, err
		}
		drawer := e.Lines[0].Partner
		if p, err := book.Partner(ctx, drawer); err == nil {
			drawer = p.Name
		}
		number, bankName := e.Ref, ""
		if c, ok, err := rec.PaymentCheque(ctx, id); err != nil {
			return ChequeDeposit{}, err
		} else if ok {
			bankName = c.Bank
			if c.Number != "" {
				number = c.Number
			}
		}
		if number == "" {
			number = e.Name()
		}
		d.Cheques = append(d.Cheques, Cheque{Drawer: drawer, Bank: bankName, Number: number, Amount: e.Lines[0].AmountCurrency.Abs()})
	}
	return d, nil
}

// DepositSlip prints a cheque deposit slip (bordereau de remise de
// chèques): the account credited, and each cheque's drawer, bank, number
// and amount, with the count and the total.
func DepositSlip(w io.Writer, d ChequeDeposit) error {
	if len(d.Cheques) == 0 {
		return fmt.Errorf("%w: a deposit slip without cheques", ErrDocument)
	}
	p := newPage(d.Company, "Bordereau de remise de chèques", d.Date)
	p.line("Compte crédité", d.Account.Paper())
	p.line("Remise", d.ID)
	p.pdf.Ln(4)
	total := currency.Zero(d.Cheques[0].Amount.Currency())
	var rows [][]string
	for _, c := range d.Cheques {
		bankName := c.Bank
		if bankName == "" {
			bankName = "-"
		}
		rows = append(rows, []string{c.Drawer, bankName, c.Number, p.money(c.Amount)})
		var err error
		if total, err = total.Add(c.Amount); err != nil {
			return fmt.Errorf("%w: %v", ErrDocument, err)
		}
	}
	p.table([]float64{60, 40, 45, 35}, []string{"Tireur", "Banque", "N° de chèque", "Montant"}, rows, // float ok: page geometry in millimetres, not money
		[]string{"", "", count(len(rows), "chèque"), p.money(total)})
	return p.write(w)
}

// Receipt is a payment receipt's content.
type Receipt struct {
	Company string          // the receiving company's name
	Partner string          // the payer's name
	Number  string          // the payment's number
	Date    journal.Date    // the date of payment
	Amount  currency.Amount // the amount paid, positive, in the payment's currency
	Method  string          // how it was paid, printed as given: "Virement", "Chèque n° 0001234 (LCL)"; "" not said
	Label   string          // the payment's label, printed as given; "" none
	// Documents are what the payment settled, with the amount allocated
	// to each.
	Documents []ReceiptLine
}

// ReceiptLine is a document a payment settled.
type ReceiptLine struct {
	Number string          // the document's number: "VT/2026/00031"
	Amount currency.Amount // the amount allocated to it, positive, in the payment's currency
}

// ReceiptOf builds the receipt of a registered payment: how it was made
// (its method, a cheque with its number and bank), its label, the
// documents it is lettered with and what it allocated to each, in the
// payment's currency (a foreign invoice paid in euros is allocated
// euros).
func ReceiptOf(ctx context.Context, book *ledger.Book, payment journal.ID, company string) (Receipt, error) {
	var rc Receipt
	err := book.View(ctx, func(t *ledger.Tx) error {
		e, err := t.Entry(payment)
		if err != nil {
			return err
		}
		if e.Type != journal.TypePayment {
			return fmt.Errorf("%w: %s is not a payment", ErrDocument, e.Name())
		}
		l := e.Lines[0]
		if l.Balance.Sign() > 0 {
			// The partner's line is a debit: money paid out, to a
			// supplier or a refund, which the partner gives no receipt of
			// from the company.
			return fmt.Errorf("%w: %s is money paid out to %s, not received: a receipt is the payer's", ErrDocument, e.Name(), l.Partner)
		}
		rc = Receipt{Company: company, Partner: l.Partner, Number: e.Name(), Date: e.Date, Amount: l.AmountCurrency.Abs(), Label: e.Label}
		if p, err := t.Partner(l.Partner); err == nil {
			rc.Partner = p.Name
		}
		method, cheque, err := reconcile.PaymentMethodOf(t, payment)
		if err != nil {
			return err
		}
		rc.Method = methodWords(method, cheque)
		ps, err := t.LivePartials(e.LineRef(0))
		if err != nil {
			return err
		}
		for _, pa := range ps {
			// The document on the other side; the amount on the
			// payment's, in its currency.
			other, amount := pa.Credit, pa.DebitAmountCurrency
			if pa.Credit == e.LineRef(0) {
				other, amount = pa.Debit, pa.CreditAmountCurrency
			}
			doc, err := t.Entry(other.Entry)
			if err != nil {
				return err
			}
			rc.Documents = append(rc.Documents, ReceiptLine{Number: doc.Name(), Amount: amount.Abs()})
		}
		return nil
	})
	return rc, err
}

// PaymentReceipt prints a payment receipt (reçu): who paid, when, how
// much, and what it settled.
func PaymentReceipt(w io.Writer, r Receipt) error {
	if !r.Amount.IsSet() {
		return fmt.Errorf("%w: a receipt without an amount", ErrDocument)
	}
	for _, d := range r.Documents {
		if d.Amount.Currency() != r.Amount.Currency() {
			return fmt.Errorf("%w: %s allocated in %s on a payment in %s", ErrDocument, d.Number, d.Amount.Currency().Code(), r.Amount.Currency().Code())
		}
	}
	p := newPage(r.Company, "Reçu de paiement", r.Date)
	p.line("Reçu de", r.Partner)
	p.line("Paiement", r.Number)
	p.line("Montant", p.money(r.Amount))
	if r.Method != "" {
		p.line("Mode de paiement", r.Method)
	}
	if r.Label != "" {
		p.line("Libellé", r.Label)
	}
	p.pdf.Ln(4)
	if len(r.Documents) > 0 {
		var rows [][]string
		for _, d := range r.Documents {
			rows = append(rows, []string{d.Number, p.money(d.Amount)})
		}
		p.table([]float64{120, 60}, []string{"Document réglé", "Montant imputé"}, rows, nil) // float ok: page geometry in millimetres, not money
	}
	return p.write(w)
}

// PartnerStatement prints where a partner stands (relevé de compte) on
// date at: its open documents, by the book's number and their own, with
// what remains due in their currency, its unallocated credits, and the
// totals in the company currency, as reconcile.Reconciler.Statement (as
// it stands today) or StatementAt (at a past date) gives them; and the
// early-payment discounts invoices still offer on at. Each line ends on
// its running balance (solde progressif): what remains due of the lines
// so far less the credits, in the company currency; the last one is the
// balance (Solde) printed under the totals, Reste dû less Reste à
// utiliser. A statement as at another date than at (PartnerStatement.At)
// is refused (ErrDocument): it would print another day's figures under
// at.
func PartnerStatement(w io.Writer, company, partnerName string, at journal.Date, s reconcile.PartnerStatement) error {
	if !s.Due.IsSet() {
		return fmt.Errorf("%w: a statement without its totals", ErrDocument)
	}
	if !s.At.IsZero() && s.At != at {
		return fmt.Errorf("%w: a statement as at %s printed as at %s: build it at that date (StatementAt)", ErrDocument, s.At, at)
	}
	p := newPage(company, "Relevé de compte", at)
	p.line("Partenaire", partnerName+" ("+s.Partner+")")
	p.line("Compte", s.Account)
	p.pdf.Ln(4)
	var rows [][]string
	// Each document by our number and its own (a supplier's invoice
	// number), in its own currency: what the partner reads on its side.
	number := func(it reconcile.Item) string {
		if it.Reference != "" && it.Reference != it.Number {
			return it.Number + " (" + it.Reference + ")"
		}
		return it.Number
	}
	own := func(company, cur currency.Amount) currency.Amount {
		if cur.IsSet() {
			return cur
		}
		return company
	}
	// The running balance (solde progressif) accumulates what remains due
	// of each line, signed as the Reste dû column, in the company
	// currency of the totals: it ends on the statement's balance.
	running := currency.Zero(s.Due.Currency())
	add := func(it reconcile.Item, residual currency.Amount) (string, error) {
		var err error
		if running, err = running.Add(residual); err != nil {
			return "", fmt.Errorf("%w: %s remains %s on a statement in %s: %v", ErrDocument, it.Number, residual, s.Due.Currency().Code(), err)
		}
		return p.money(running), nil
	}
	for _, it := range s.Open {
		balance, err := add(it, it.Residual.Abs())
		if err != nil {
			return err
		}
		rows = append(rows, []string{number(it), frenchDate(it.Date), frenchDate(it.DueDate),
			p.money(own(it.Amount, it.AmountCurrency).Abs()), p.money(own(it.Residual, it.ResidualCurrency).Abs()), balance})
	}
	for _, it := range s.Credits {
		balance, err := add(it, it.Residual.Abs().Neg())
		if err != nil {
			return err
		}
		rows = append(rows, []string{number(it), frenchDate(it.Date), "",
			p.money(own(it.Amount, it.AmountCurrency).Abs().Neg()), p.money(own(it.Residual, it.ResidualCurrency).Abs().Neg()), balance})
	}
	p.table([]float64{57, 22, 22, 27, 26, 26}, []string{"Pièce", "Date", "Échéance", "Montant", "Reste dû", "Solde"}, rows, nil) // float ok: page geometry in millimetres, not money
	// The early-payment discounts still offered on the statement's date:
	// what the partner may pay instead, and by when.
	for _, it := range s.Open {
		o := it.DiscountOffer
		if o == nil || !it.ResidualCurrency.IsSet() || at.After(o.Until) {
			continue
		}
		left, err := it.ResidualCurrency.Abs().Sub(o.Amount)
		if err != nil {
			return fmt.Errorf("%w: %s offers %s on %s: %v", ErrDocument, it.Number, o.Amount, it.ResidualCurrency, err)
		}
		p.line("Escompte", fmt.Sprintf("%s : %s si réglée au plus tard le %s, soit %s", it.Number, p.money(o.Amount),
			frenchDate(o.Until), p.money(left)))
	}
	p.pdf.Ln(4)
	p.line("Reste dû", p.money(s.Due))
	p.line("Reste à utiliser", p.money(s.Unallocated))
	p.line("Solde", p.money(running))
	return p.write(w)
}

// methodWords says how a payment was made, as a French receipt does:
// "Chèque n° 0001234 (Crédit Agricole)", "Virement SEPA"; "" for a
// payment whose method the book does not know.
func methodWords(m reconcile.Method, c *reconcile.Cheque) string {
	switch m {
	case reconcile.MethodCheque:
		w := "Chèque"
		if c != nil && c.Number != "" {
			w += " n° " + c.Number
		}
		if c != nil && c.Bank != "" {
			w += " (" + c.Bank + ")"
		}
		return w
	case reconcile.MethodTransfer:
		return "Virement"
	case reconcile.MethodSEPATransfer:
		return "Virement SEPA"
	case reconcile.MethodSEPADebit:
		return "Prélèvement SEPA"
	case reconcile.MethodCash:
		return "Espèces"
	case reconcile.MethodCard:
		return "Carte bancaire"
	case reconcile.MethodLCR:
		return "LCR / BOR"
	}
	return ""
}

// ReminderLetter prints a reminder (lettre de relance) to a customer, as
// at date: the company, the customer, its overdue invoices with their due
// dates, days late and what remains due, the total due, the unapplied
// credits it may deduct and the net to pay, and the wording of level,
// from 1, in the row's ladder (reconcile.DunningRow.Ladder): the first
// level is a courteous reminder, the levels between a firmer one, the
// last a formal notice (mise en demeure de payer) that recalls the
// late-payment penalties and the 40 € indemnité forfaitaire pour frais de
// recouvrement due by law (Code de commerce L441-10). When the row was
// run with a penalty rate (reconcile.DunningQuery.PenaltyRate), the
// formal notice states the rate, the indemnity per invoice and what the
// customer owes of each at date, those invoiced already included and
// named (a zero amount is left unsaid); otherwise it recalls them without
// amounts. The level to print is the row's Next: the customer's level, the
// highest of what its invoices reached or were reminded at.
//
// Amounts are in each invoice's and credit's own currency, and so are the
// totals, one per currency (reconcile.DunningRow.Totals): a customer owes
// a dollar invoice in dollars. With several currencies, the letter adds
// the net's equivalent in the company currency; it claims each
// currency's net, or that equivalent when a currency's credits exceed its
// debts.
//
// It returns ErrDocument for a row without overdue items or totals, one
// with nothing to claim (its credits cover its debts: Net zero or
// negative, or no currency with a positive net), a level not in its
// ladder, or a text the fonts cannot show; nothing is written then.
func ReminderLetter(w io.Writer, company string, r reconcile.DunningRow, level int, date journal.Date) error {
	switch {
	case len(r.Items) == 0 || !r.Due.IsSet() || !r.Unallocated.IsSet() || !r.Net.IsSet() || len(r.Totals) == 0:
		return fmt.Errorf("%w: a reminder without overdue invoices or totals", ErrDocument)
	case level < 1 || level > len(r.Ladder):
		return fmt.Errorf("%w: level %d of a ladder of %d", ErrDocument, level, len(r.Ladder))
	}
	claim, ok := reminderClaim(r)
	if !ok {
		return fmt.Errorf("%w: nothing to claim: %s of credits for %s due, a net of %s", ErrDocument,
			r.Unallocated.French(), r.Due.French(), r.Net.French())
	}
	lv := r.Ladder[level-1]
	p := newPage(company, lv.Name, date)
	p.line("Client", r.Name+" ("+r.Partner+")")
	p.line("Compte", r.Account)
	p.pdf.Ln(4)
	formal := level == len(r.Ladder)
	p.paragraph("Madame, Monsieur,")
	p.paragraph(reminderOpening(level, formal))
	var rows [][]string
	for _, it := range r.Items {
		number := it.Number
		if it.Reference != "" && it.Reference != it.Number {
			number += " (" + it.Reference + ")"
		}
		due := it.DueDate
		if due.IsZero() {
			due = it.Date
		}
		rows = append(rows, []string{number, frenchDate(it.Date), frenchDate(due), strconv.Itoa(it.DaysOverdue),
			p.money(it.AmountCurrency), p.money(it.ResidualCurrency)})
	}
	var foot []string
	if len(r.Totals) == 1 {
		foot = []string{"", "", "", "", "Total dû", p.money(r.Totals[0].Due)}
	}
	p.table([]float64{52, 22, 22, 24, 30, 30}, []string{"Facture", "Date", "Échéance", "Jours de retard", "Montant", "Reste dû"}, rows, // float ok: page geometry in millimetres, not money
		foot)
	if len(r.Credits) > 0 {
		p.pdf.Ln(4)
		p.paragraph("Les avoirs et règlements suivants, non encore imputés, viennent en déduction :")
		var credits [][]string
		for _, it := range r.Credits {
			own := it.ResidualCurrency
			if !own.IsSet() {
				own = it.Residual
			}
			credits = append(credits, []string{it.Number, frenchDate(it.Date), p.money(own.Abs())})
		}
		p.table([]float64{52, 22, 30}, []string{"Pièce", "Date", "Montant"}, credits, nil) // float ok: page geometry in millimetres, not money
	}
	p.pdf.Ln(4)
	reminderTotals(p, r)
	p.pdf.Ln(4)
	p.paragraph(reminderClosing(formal, claim, reminderPenalties(r)))
	p.pdf.Ln(4)
	p.paragraph("Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.")
	p.pdf.Ln(6)
	p.paragraph(company)
	return p.write(w)
}

// reminderClaim is the sum a reminder claims, in words, and whether there
// is one: the net of each currency the customer owes something net in,
// or, when a currency's credits exceed its debts, the net's equivalent in
// the company currency. There is none when the credits cover the debts.
func reminderClaim(r reconcile.DunningRow) (string, bool) {
	if r.Net.Sign() <= 0 {
		return "", false
	}
	var owed []string
	for _, t := range r.Totals {
		switch t.Net.Sign() {
		case 1:
			owed = append(owed, t.Net.French())
		case -1:
			return r.Net.French() + " (contre-valeur de l'ensemble, avoirs déduits)", true
		}
	}
	if len(owed) == 0 {
		return "", false
	}
	return strings.Join(owed, " et "), true
}

// reminderTotals prints what is due, the credits and the net, in each
// currency, then with several currencies the net's equivalent in the
// company currency.
func reminderTotals(p *page, r reconcile.DunningRow) {
	if len(r.Totals) == 1 {
		t := r.Totals[0]
		p.line("Total dû", p.money(t.Due))
		p.line("À déduire", p.money(t.Unallocated))
		p.line("Net à régler", p.money(t.Net))
		return
	}
	for _, t := range r.Totals {
		in := " en " + t.Currency.Code()
		p.line("Total dû"+in, p.money(t.Due))
		if !t.Unallocated.IsZero() {
			p.line("À déduire"+in, p.money(t.Unallocated))
		}
		p.line("Net"+in, p.money(t.Net))
	}
	p.line("Net à régler", p.money(r.Net)+" (contre-valeur)")
}

// reminderOpening is the first paragraph of a reminder of level.
func reminderOpening(level int, formal bool) string {
	switch {
	case formal:
		return "Malgré nos précédentes relances, les factures ci-dessous demeurent impayées à ce jour, " +
			"alors que leur échéance est dépassée."
	case level == 1:
		return "Sauf erreur ou omission de notre part, les factures ci-dessous restent impayées à ce jour, " +
			"alors que leur échéance est dépassée. Il s'agit sans doute d'un oubli."
	}
	return "Malgré notre précédent courrier, les factures ci-dessous restent impayées à ce jour, " +
		"alors que leur échéance est dépassée."
}

// reminderPenalties is what a formal notice says of the penalties and
// the indemnity the law adds to a late payment: their amounts at the
// letter's date when the row has them, those invoiced already included
// and named, the law alone otherwise. A zero amount is not stated: the
// rate or the indemnity per invoice is. Nothing for a consumer, whom the
// law does not make owe them.
func reminderPenalties(r reconcile.DunningRow) string {
	if r.Consumer {
		return ""
	}
	if r.PenaltyRate == nil || !r.Penalties.IsSet() || !r.Indemnities.IsSet() || !r.Indemnity.IsSet() {
		return "des pénalités de retard ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture."
	}
	rate := currency.FrenchDecimal(r.PenaltyRate.Text('f'))
	out := "des pénalités de retard au taux de " + rate + " % l'an" + reminderSum(r.Penalties, r.PenaltiesInvoiced, " à ce jour")
	if r.Indemnity.IsZero() {
		return out + "."
	}
	return out + ", ainsi qu'une indemnité forfaitaire pour frais de recouvrement de " + r.Indemnity.French() +
		" par facture" + reminderSum(r.Indemnities, r.IndemnitiesInvoiced, " pour les factures payées ou restées impayées après leur échéance") + "."
}

// reminderSum states what is owed of penalties or indemnities, those not
// invoiced yet and those invoiced already (unset: none): ", soit 23,57 €
// à ce jour, dont 11,98 € déjà facturés", nothing when both are zero.
func reminderSum(pending, invoiced currency.Amount, when string) string {
	if !invoiced.IsSet() || invoiced.IsZero() {
		if pending.IsZero() {
			return ""
		}
		return ", soit " + pending.French() + when
	}
	total, err := pending.Add(invoiced)
	if err != nil {
		// Not in one currency (a row made by hand): what is pending alone.
		return reminderSum(pending, currency.Amount{}, when)
	}
	if pending.IsZero() {
		return ", soit " + total.French() + when + ", déjà facturés"
	}
	return ", soit " + total.French() + when + ", dont " + invoiced.French() + " déjà facturés"
}

// reminderClosing is the request of a reminder: courteous, or the formal
// notice's, which recalls what the law adds to a late payment (penalties,
// from reminderPenalties).
func reminderClosing(formal bool, net, penalties string) string {
	if formal {
		out := "Par la présente, nous vous mettons en demeure de nous régler la somme de " + net +
			" dans un délai de huit jours à compter de la réception de ce courrier. À défaut, nous engagerons " +
			"sans autre avis les procédures de recouvrement à notre disposition."
		if penalties == "" { // a consumer: L441-10 binds professionals only
			return out
		}
		return out + " Nous vous rappelons que, conformément à l'article L441-10 du Code de commerce, " +
			"tout retard de paiement rend exigibles de plein droit " + penalties
	}
	return "Nous vous remercions de bien vouloir procéder à leur règlement, soit " + net +
		", dans les meilleurs délais. Si votre paiement nous est parvenu entre-temps, nous vous prions " +
		"de ne pas tenir compte de la présente."
}
