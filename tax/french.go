package tax

import "fmt"

// FrenchRate is one of the VAT rates of the French Code général des impôts.
type FrenchRate uint8

const (
	// Standard is the normal rate, 20 % (taux normal).
	Standard FrenchRate = iota
	// Intermediate is 10 % (taux intermédiaire: restaurants, works on
	// dwellings, passenger transport).
	Intermediate
	// Reduced is 5,5 % (taux réduit: food, energy works, books).
	Reduced
	// SuperReduced is 2,1 % (taux particulier: reimbursed medicines, press).
	SuperReduced
	// Exempt is 0 % for an operation exempt from VAT (exonération, article
	// 261 CGI): no VAT, and none deductible on its costs.
	Exempt
	// Export is 0 % for a delivery outside the European Union (exonération
	// à l'export, article 262 CGI): no VAT, but the VAT on its costs stays
	// deductible. Kept apart from Exempt because VAT returns report the two
	// on different lines.
	Export
	// DOMStandard is 8,5 %, the normal rate in Guadeloupe, Martinique and
	// La Réunion (article 296 CGI); their reduced rate is SuperReduced's
	// 2,1 %.
	DOMStandard
	// DOMParticular is 1,05 %, the particular rate of those departments
	// (article 296 bis CGI: the first performances of certain shows, press
	// publications).
	DOMParticular
	frenchRateEnd
)

var frenchRates = [...]struct{ id, name, rate string }{
	Standard:     {"TVA20", "TVA 20 %", "20"},
	Intermediate: {"TVA10", "TVA 10 %", "10"},
	Reduced:      {"TVA5.5", "TVA 5,5 %", "5.5"},
	SuperReduced: {"TVA2.1", "TVA 2,1 %", "2.1"},
	Exempt:       {"EXO", "Exonéré de TVA", "0"},
	Export:       {"EXPORT", "Export hors UE", "0"},
	// The ids say the rate alone, as the mainland ones: a DOM invoice at
	// 2,1 % is TVA2.1 as one of the mainland.
	DOMStandard:   {"TVA8.5", "TVA 8,5 %", "8.5"},
	DOMParticular: {"TVA1.05", "TVA 1,05 %", "1.05"},
}

// String returns the rate's tax id on sales: "TVA20", "TVA5.5", "EXO",
// "EXPORT", "TVA8.5".
func (r FrenchRate) String() string {
	if r >= frenchRateEnd {
		return fmt.Sprintf("FrenchRate(%d)", uint8(r))
	}
	return frenchRates[r].id
}

// Percent returns the rate: 20, 10, 5.5, 2.1, 0 for Exempt and Export,
// 8.5 and 1.05 for the DOM rates.
func (r FrenchRate) Percent() Percent {
	if r >= frenchRateEnd {
		return Percent{}
	}
	return MustParsePercent(frenchRates[r].rate)
}

// Side is whether a tax is charged on sales (collected) or paid on
// purchases (deductible).
type Side uint8

const (
	// Sales taxes are collected: final account 445710, transition 445740.
	Sales Side = iota
	// Purchases taxes are deductible: final account 445660, transition
	// 445640.
	Purchases
)

// String returns "sales" or "purchases".
func (s Side) String() string {
	switch s {
	case Sales:
		return "sales"
	case Purchases:
		return "purchases"
	}
	return fmt.Sprintf("Side(%d)", uint8(s))
}

// The accounts of the French chart the French taxes post to.
const (
	AccountVATCollected           = "445710" // TVA collectée
	AccountVATCollectedOnPayment  = "445740" // TVA collectée sur encaissements, en attente
	AccountVATDeductible          = "445660" // TVA déductible sur autres biens et services
	AccountVATDeductibleOnPayment = "445640" // TVA déductible sur encaissements, en attente
)

// FrenchVAT returns a new French VAT definition: rate r on side s, due on
// invoice (TVA sur les débits, goods) or on payment (TVA sur les
// encaissements, services). Its accounts are those of the French chart
// (ledger.FrenchChart): 445710 collected and 445660 deductible, with 445740
// and 445640 as transition accounts for on-payment taxes.
//
// Ids say all three choices, so that the taxes of one book never share an
// id: the rate's id ("TVA20", "TVA5.5", "EXO", "EXPORT"), then "-DED" on
// purchases, then "-ENC" when due on payment: "TVA20-ENC", "TVA10-DED",
// "TVA5.5-DED-ENC". Each call returns a value of its own; changing it
// changes no other.
//
// It returns ErrRate for an unknown FrenchRate, ErrExigibility for an
// unknown exigibility and ErrSide for an unknown side.
func FrenchVAT(r FrenchRate, s Side, e Exigibility) (Tax, error) {
	switch {
	case r >= frenchRateEnd:
		return Tax{}, fmt.Errorf("%w: %s", ErrRate, r)
	case e > OnPayment:
		return Tax{}, fmt.Errorf("%w: %d", ErrExigibility, e)
	case s > Purchases:
		return Tax{}, fmt.Errorf("%w: %s", ErrSide, s)
	}
	def := frenchRates[r]
	t := Tax{ID: def.id, Name: def.name, Rate: MustParsePercent(def.rate), Exigibility: e,
		FinalAccount: AccountVATCollected}
	if s == Purchases {
		t.ID += "-DED"
		t.Name += " déductible"
		t.FinalAccount = AccountVATDeductible
	}
	if e == OnPayment {
		t.ID += "-ENC"
		t.Name += " sur encaissements"
		t.TransitionAccount = AccountVATCollectedOnPayment
		if s == Purchases {
			t.TransitionAccount = AccountVATDeductibleOnPayment
		}
	}
	return t, nil
}

// MustFrenchVAT is FrenchVAT for constant arguments; it panics on error.
func MustFrenchVAT(r FrenchRate, s Side, e Exigibility) Tax {
	t, err := FrenchVAT(r, s, e)
	if err != nil {
		panic(err)
	}
	return t
}

// FrenchVATByID returns the French VAT definition FrenchVAT gives the id
// of ("TVA20", "TVA5.5-DED", "TVA10-ENC", "EXO-DED-ENC"…): a file or a
// command line names a tax by it. It returns ErrUnknownID, with the ids
// it knows, for any other.
func FrenchVATByID(id string) (Tax, error) {
	for r := range frenchRateEnd {
		for _, s := range []Side{Sales, Purchases} {
			for _, e := range []Exigibility{OnInvoice, OnPayment} {
				if t := MustFrenchVAT(r, s, e); t.ID == id {
					return t, nil
				}
			}
		}
	}
	return Tax{}, fmt.Errorf("%w: %q (TVA20, TVA10, TVA5.5, TVA2.1, EXO or EXPORT, in the overseas departments TVA8.5 or TVA1.05, then -DED on purchases, then -ENC when due on payment)",
		ErrUnknownID, id)
}

// FrenchVATs returns the eight French rates on side s with exigibility e,
// in the order Standard, Intermediate, Reduced, SuperReduced, Exempt,
// Export, DOMStandard, DOMParticular: new values, the caller's to change. It returns FrenchVAT's errors.
func FrenchVATs(s Side, e Exigibility) ([]Tax, error) {
	out := make([]Tax, 0, frenchRateEnd)
	for r := range frenchRateEnd {
		t, err := FrenchVAT(r, s, e)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
