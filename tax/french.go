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
	AccountVATDueIntraEU          = "445200" // TVA due intracommunautaire: VAT the buyer self-assesses
	AccountVATDeductibleIntraEU   = "445662" // TVA déductible intracommunautaire
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

// FrenchVATByID returns the French VAT definition FrenchVAT or
// FrenchReverseChargeVAT gives the id of ("TVA20", "TVA5.5-DED",
// "TVA10-ENC", "EXO-DED-ENC", "TVA20-AIC"…): a file or a command line
// names a tax by it. It returns ErrUnknownID, with the ids it knows, for
// any other.
func FrenchVATByID(id string) (Tax, error) {
	for r := range frenchRateEnd {
		for _, s := range []Side{Sales, Purchases} {
			for _, e := range []Exigibility{OnInvoice, OnPayment} {
				if t := MustFrenchVAT(r, s, e); t.ID == id {
					return t, nil
				}
			}
		}
		for k := range reverseChargeKindEnd {
			if t, err := FrenchReverseChargeVAT(r, k); err == nil && t.ID == id {
				return t, nil
			}
		}
	}
	return Tax{}, fmt.Errorf("%w: %q (TVA20, TVA10, TVA5.5, TVA2.1, EXO or EXPORT, in the overseas departments TVA8.5 or TVA1.05, then -DED on purchases, then -ENC when due on payment; or a reverse charge on purchases: a rate, then -AIC, -AL-SERV or -AL-BTP)",
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

// ReverseChargeKind is a purchase on which the buyer, not the supplier,
// owes the French VAT (autoliquidation).
type ReverseChargeKind uint8

const (
	// IntraEUGoods is an intra-EU acquisition of goods (acquisition
	// intracommunautaire, CGI art. 256 bis): goods a business in another
	// EU country delivers from there. Id suffix "-AIC"; due on 445200,
	// deductible on 445662.
	IntraEUGoods ReverseChargeKind = iota
	// ForeignServices is a service bought from a supplier established
	// outside France, in or outside the EU, taxed in France because the
	// buyer is (CGI art. 259-1 and 283-2). Id suffix "-AL-SERV"; due on
	// 445200, deductible on 445662.
	ForeignServices
	// ConstructionSubcontracting is building work a subcontractor does
	// for a main contractor (sous-traitance dans le BTP, CGI art. 283-2
	// nonies). Id suffix "-AL-BTP"; due on 445200, deductible on 445660:
	// the purchase is French, and its VAT deductible as any other.
	ConstructionSubcontracting
	reverseChargeKindEnd
)

// CA3Lines are the lines of the French VAT return (formulaire 3310-CA3)
// a reverse charge's base and tax go on. The tax due goes, besides, on
// the line of its rate in frame B (08 at 20 %, 9B at 10 %, 09 at 5,5 %).
type CA3Lines struct {
	// Base is frame A's line of the tax-excluded amount.
	Base string
	// OfWhich is frame B's line repeating the tax due when the return
	// asks for it apart ("17", TVA sur acquisitions intracommunautaires);
	// empty otherwise.
	OfWhich string
	// Deductible is frame B's line of the tax deducted ("20", autres
	// biens et services; a fixed asset's goes on 19 instead).
	Deductible string
}

// The CA3 lines follow the DGFiP's notice of formulaire 3310-CA3 (n°
// 3310-NOT-CA3) as of 2024: B2 acquisitions intracommunautaires, A3
// achats de prestations de services auprès d'un assujetti non établi en
// France (art. 283-2), A2 autres opérations imposables for the
// subcontracted building work the main contractor self-assesses
// (BOI-TVA-DECLA-10-10-20).
var reverseCharges = [...]struct {
	suffix, name, deductible string
	ca3                      CA3Lines
}{
	IntraEUGoods:               {"-AIC", "acquisition intracommunautaire", AccountVATDeductibleIntraEU, CA3Lines{"B2", "17", "20"}},
	ForeignServices:            {"-AL-SERV", "service d'un prestataire non établi en France", AccountVATDeductibleIntraEU, CA3Lines{"A3", "", "20"}},
	ConstructionSubcontracting: {"-AL-BTP", "sous-traitance de travaux de construction", AccountVATDeductible, CA3Lines{"A2", "", "20"}},
}

// String returns the kind's id suffix without its dash: "AIC",
// "AL-SERV", "AL-BTP".
func (k ReverseChargeKind) String() string {
	if k >= reverseChargeKindEnd {
		return fmt.Sprintf("ReverseChargeKind(%d)", uint8(k))
	}
	return reverseCharges[k].suffix[1:]
}

// CA3 returns the lines of the VAT return the kind goes on; the zero
// CA3Lines for an unknown kind.
func (k ReverseChargeKind) CA3() CA3Lines {
	if k >= reverseChargeKindEnd {
		return CA3Lines{}
	}
	return reverseCharges[k].ca3
}

// FrenchReverseChargeVAT returns a new French reverse charge
// (autoliquidation) at rate r on a purchase of kind k: the buyer owes the
// VAT on the supplier's tax-excluded price and deducts it at once, so an
// invoice books it deductible (debit, 445662, or 445660 for building
// work) and due (credit, 445200) for the same amount, and the supplier
// is owed the base alone. It is due on invoice: the buyer owes it on the
// operation and deducts it on the same return. A sale carries none: the
// invoice builder refuses it on a customer's invoice (ErrReverseChargeSales).
//
// Its id is the rate's then the kind's: "TVA20-AIC", "TVA10-AL-SERV",
// "TVA5.5-AL-BTP". It returns ErrRate for an unknown rate and for the 0 %
// ones (Exempt, Export: nothing is due), ErrReverseChargeKind for an
// unknown kind.
func FrenchReverseChargeVAT(r FrenchRate, k ReverseChargeKind) (Tax, error) {
	switch {
	case r >= frenchRateEnd || r == Exempt || r == Export:
		return Tax{}, fmt.Errorf("%w: %s has no reverse charge", ErrRate, r)
	case k >= reverseChargeKindEnd:
		return Tax{}, fmt.Errorf("%w: %s", ErrReverseChargeKind, k)
	}
	def, rc := frenchRates[r], reverseCharges[k]
	return Tax{ID: def.id + rc.suffix, Name: def.name + " autoliquidée, " + rc.name, Rate: MustParsePercent(def.rate),
		Exigibility: OnInvoice, FinalAccount: rc.deductible, DueAccount: AccountVATDueIntraEU}, nil
}

// MustFrenchReverseChargeVAT is FrenchReverseChargeVAT for constant
// arguments; it panics on error.
func MustFrenchReverseChargeVAT(r FrenchRate, k ReverseChargeKind) Tax {
	t, err := FrenchReverseChargeVAT(r, k)
	if err != nil {
		panic(err)
	}
	return t
}
