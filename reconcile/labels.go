package reconcile

import (
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// Labels are the texts the Reconciler writes on the entries and lines it
// generates. Each is a word or two that the generated entry's label
// completes with what it is about: the partner of a payment, the number of
// the document settled, the tax of a line. Config.Labels takes them; a
// field left empty takes its French default (FrenchLabels), so the zero
// Labels is the French set.
//
// Reversals of generated entries (unlettering, a revaluation run again)
// are labelled by the book: see ledger.Labels.
type Labels struct {
	// Payment labels a payment given without a label, before the partner's
	// name (its code when it has none) and the references of the documents
	// it pays: "Règlement Boulangerie Martin FA-2026-001".
	Payment string
	// StatementLine labels a statement line given without a label.
	StatementLine string
	// WriteOff labels a write-off entry and, before the settled document's
	// number, its lines: "Écart de règlement VT/2026/00042".
	WriteOff string
	// BankFees labels the entry settling a statement line's difference to
	// the bank fees account, as WriteOff does.
	BankFees string
	// ExchangeDifference labels a realised exchange difference, before the
	// number of the entry it adjusts, and the exchange line of a cash-basis
	// entry, before the tax's name.
	ExchangeDifference string
	// CurrencyRounding labels the entry clearing the foreign minor units
	// (or company cents) left on a match, before the entry's number.
	CurrencyRounding string
	// CashBasis labels a cash-basis VAT entry, before the document's
	// number: "TVA sur encaissements VT/2026/00042".
	CashBasis string
	// CashBasisBase labels the neutral base pair of a cash-basis entry,
	// before the tax's name: "Base TVA 20 %".
	CashBasisBase string
	// Discount labels an early-payment discount entry and its lines,
	// before the document's number: "Escompte VT/2026/00042".
	Discount string
	// Revaluation labels a year-end revaluation of open foreign items; the
	// entry adds the currency: "Écart de conversion USD" (the French chart's word
	// for what 476000 and 477000 hold).
	Revaluation string
	// Provision labels the provision for an unrealised exchange loss.
	Provision string
	// ProvisionTakenBack labels a provision of an earlier year taken back.
	ProvisionTakenBack string
	// Transfer labels each payment of a SEPA payment run, before its
	// EndToEndId: "Virement RUN1-1".
	Transfer string
	// DirectDebit labels each collection of a SEPA direct debit run,
	// before its EndToEndId: "Prélèvement COL-…-1".
	DirectDebit string
	// Advance labels the entry moving an advance (acompte) onto the
	// invoice it settles, before the advance's number and the invoice's:
	// "Imputation acompte BQ/2026/00003 VT/2026/00042".
	Advance string
	// Impairment labels the impairment of a doubtful customer's debts,
	// before the customer's name: "Dépréciation créance douteuse Martin".
	Impairment string
	// ImpairmentTakenBack labels an impairment taken back, before the
	// customer's name.
	ImpairmentTakenBack string
	// BadDebt labels the entry writing off a debt as lost, and its lines,
	// before the invoice's number: "Créance irrécouvrable VT/2026/00042".
	BadDebt string
	// Doubtful labels the entry moving a debt to doubtful customers, and
	// its lines, before the invoice's number: "Créance douteuse
	// VT/2026/00042".
	Doubtful string
	// LatePenalties labels a late-payment penalty invoice, before the
	// customer's name, and its penalty lines, before the number of the
	// invoice paid late: "Pénalités de retard FA-210".
	LatePenalties string
	// RecoveryIndemnity labels the recovery indemnity line of a penalty
	// invoice, before the number of the invoice paid late.
	RecoveryIndemnity string
}

// FrenchLabels returns the labels a French accountant writes: the
// defaults.
func FrenchLabels() Labels {
	return Labels{
		Payment:             "Règlement",
		StatementLine:       "Relevé bancaire",
		WriteOff:            "Écart de règlement",
		BankFees:            "Frais bancaires",
		ExchangeDifference:  "Différence de change",
		CurrencyRounding:    "Arrondi de change",
		CashBasis:           "TVA sur encaissements",
		CashBasisBase:       "Base",
		Discount:            "Escompte",
		Revaluation:         "Écart de conversion",
		Provision:           "Provision pour perte de change",
		ProvisionTakenBack:  "Reprise de provision pour perte de change",
		Transfer:            "Virement",
		DirectDebit:         "Prélèvement",
		Advance:             "Imputation acompte",
		Impairment:          "Dépréciation créance douteuse",
		ImpairmentTakenBack: "Reprise de dépréciation créance",
		BadDebt:             "Créance irrécouvrable",
		Doubtful:            "Créance douteuse",
		LatePenalties:       "Pénalités de retard",
		RecoveryIndemnity:   "Indemnité forfaitaire de recouvrement",
	}
}

// EnglishLabels returns the labels in English.
func EnglishLabels() Labels {
	return Labels{
		Payment:             "Payment",
		StatementLine:       "Statement line",
		WriteOff:            "Write-off",
		BankFees:            "Bank fees",
		ExchangeDifference:  "Exchange difference",
		CurrencyRounding:    "Currency rounding",
		CashBasis:           "Cash-basis VAT",
		CashBasisBase:       "Base",
		Discount:            "Early-payment discount",
		Revaluation:         "Unrealised exchange difference",
		Provision:           "Provision for exchange loss",
		ProvisionTakenBack:  "Exchange loss provision taken back",
		Transfer:            "Transfer",
		DirectDebit:         "Direct debit",
		Advance:             "Advance applied",
		Impairment:          "Doubtful debt impairment",
		ImpairmentTakenBack: "Doubtful debt impairment taken back",
		BadDebt:             "Bad debt",
		Doubtful:            "Doubtful debt",
		LatePenalties:       "Late-payment penalties",
		RecoveryIndemnity:   "Recovery indemnity",
	}
}

// labelMax is the longest configured label, in bytes: the generated label
// adds a number, a partner code or a tax name, and must stay within
// journal.TextMax.
const labelMax = 128

// fields lists the labels with their names, for defaults and validation.
func (l *Labels) fields() []struct {
	name string
	p    *string
} {
	return []struct {
		name string
		p    *string
	}{
		{"Payment", &l.Payment}, {"StatementLine", &l.StatementLine}, {"WriteOff", &l.WriteOff},
		{"BankFees", &l.BankFees}, {"ExchangeDifference", &l.ExchangeDifference},
		{"CurrencyRounding", &l.CurrencyRounding}, {"CashBasis", &l.CashBasis},
		{"CashBasisBase", &l.CashBasisBase}, {"Discount", &l.Discount},
		{"Revaluation", &l.Revaluation}, {"Provision", &l.Provision}, {"ProvisionTakenBack", &l.ProvisionTakenBack}, {"Transfer", &l.Transfer},
		{"DirectDebit", &l.DirectDebit},
		{"Advance", &l.Advance}, {"Impairment", &l.Impairment}, {"ImpairmentTakenBack", &l.ImpairmentTakenBack}, {"BadDebt", &l.BadDebt},
		{"Doubtful", &l.Doubtful},
		{"LatePenalties", &l.LatePenalties}, {"RecoveryIndemnity", &l.RecoveryIndemnity},
	}
}

// defaults fills the empty labels with the French ones.
func (l *Labels) defaults() {
	fr := FrenchLabels()
	def := fr.fields()
	for i, f := range l.fields() {
		if *f.p == "" {
			*f.p = *def[i].p
		}
	}
}

// validate refuses a label journal.CheckText refuses or longer than
// labelMax.
func (l *Labels) validate() error {
	for _, f := range l.fields() {
		if len(*f.p) > labelMax {
			return fmt.Errorf("%w: label %s is longer than %d bytes", ErrConfig, f.name, labelMax)
		}
		if err := journal.CheckText("label "+f.name, *f.p); err != nil {
			return fmt.Errorf("%w: %w", ErrConfig, err)
		}
	}
	return nil
}
