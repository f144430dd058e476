package ledger

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Partner is a customer or supplier: its code and name, and the master
// data payments and legal files need, all optional.
type Partner struct {
	Code string // "C001"
	Name string // the name printed on documents and payment files

	SIREN ident.SIREN     // French company number
	SIRET ident.SIRET     // the establishment invoiced or paid
	VAT   ident.VATNumber // intra-community VAT number
	// Address is the postal address, structured as SEPA files want it.
	Address Address
	// BankAccounts are where the partner is paid (the first by default)
	// and what identifies it on a bank statement.
	BankAccounts []BankAccount
	// PaymentTermDays is the default number of days to pay, 0 for none:
	// Terms gives them as the payment terms of an invoice.
	PaymentTermDays int
	// PaymentTermEndOfMonth counts the term to the end of a month: the
	// days are added, then the due date goes to the end of that month
	// ("45 jours fin de mois": 10 January + 45 days = 24 February, due 28
	// February). With no days it is due at the end of the invoice's month
	// ("fin de mois").
	PaymentTermEndOfMonth bool
	// PaymentTermDayOfMonth, from 1 to 31, then moves the due date to that
	// day of a month ("le 10"), 0 for none: with PaymentTermEndOfMonth to
	// that day of the following month ("45 jours fin de mois le 10": 10
	// January + 45 days = 24 February, end of month 28 February, due 10
	// March), otherwise to the first such date on or after the days ("à
	// 30 jours le 10"); a month without that day gives its last. Books
	// written before it read every partner without one.
	PaymentTermDayOfMonth int
	// PaymentMethod is the default payment method by the lettering
	// layer's name ("transfer", "cash", "cheque", "card", "sepa_transfer",
	// "sepa_debit", "lcr_bor"), empty for none.
	PaymentMethod string
	// Consumer is a private individual rather than a professional: the
	// late-payment penalties and the recovery indemnity of the Code de
	// commerce, due between professionals only, are not claimed of it
	// (reconcile's LatePenalties, InvoicePenalties and Dunning leave it
	// out). Books written before it read every partner as a professional.
	Consumer bool
}

// Address is a structured postal address.
type Address struct {
	Street         string // street name: "Rue de la Paix"
	BuildingNumber string // "12 bis"
	PostCode       string // "75002"
	Town           string // "Paris"
	Country        string // ISO 3166-1 alpha-2: "FR"
}

// IsZero reports whether no part of the address is given.
func (a Address) IsZero() bool { return a == Address{} }

// BankAccount is a partner's bank account.
type BankAccount struct {
	IBAN  ident.IBAN // the account number, checked
	BIC   ident.BIC  // optional inside the SEPA area
	Label string     // the account's name for people: "Compte courant"
	// Mandate is the SEPA direct debit mandate the partner signed for
	// this account, zero when none: a customer with one can be collected
	// by direct debit.
	Mandate Mandate `json:",omitzero"`
}

// PartnerBankAccountsMax is the most bank accounts a partner may have.
const PartnerBankAccountsMax = 20

// PaymentTermDaysMax is the longest default payment term: the LME caps
// terms far below it, the bound only keeps dates sane.
const PaymentTermDaysMax = 366

// PaymentTermDayOfMonthMax is the last day of a month a partner's terms
// may name (Partner.PaymentTermDayOfMonth).
const PaymentTermDayOfMonthMax = 31

// paymentMethods are the default payment methods a partner may name.
var paymentMethods = map[string]bool{"": true, "transfer": true, "cash": true, "cheque": true, "card": true,
	"sepa_transfer": true, "sepa_debit": true, "lcr_bor": true}

// ErrPartnerData is returned for partner master data the book refuses: a
// SIRET of another SIREN, a French VAT number of another SIREN, a country
// that is not an ISO 3166 code, too many bank accounts, a payment term or
// its day of the month out of range or an unknown payment method. Invalid identifiers themselves
// return the ident package's errors (ident.ErrIBAN, ident.ErrSIREN…).
var ErrPartnerData = errors.New("ledger: invalid partner master data")

// Terms returns the partner's default payment terms, for an invoice that
// names none (journal.Invoice.Terms): PaymentTermDays net, or to the end of
// the month they reach with PaymentTermEndOfMonth, then to the
// PaymentTermDayOfMonth when set (journal.DueRule.DayOfMonth), or due at
// once when there are none.
func (p Partner) Terms() journal.PaymentTerms {
	day := min(max(p.PaymentTermDayOfMonth, 0), PaymentTermDayOfMonthMax) // a partner AddPartner checked is in range
	switch {
	case p.PaymentTermEndOfMonth:
		return journal.PaymentTerms{Due: journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: max(p.PaymentTermDays, 0), DayOfMonth: day}}
	case p.PaymentTermDays <= 0 && day == 0:
		return journal.PaymentTerms{}
	}
	return journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: max(p.PaymentTermDays, 0), DayOfMonth: day}}
}

// normalize checks p's master data and returns it with every identifier in
// its canonical form.
func (p Partner) normalize() (Partner, error) {
	if err := checkCode(p.Code); err != nil {
		return Partner{}, err
	}
	for _, f := range []struct{ what, text string }{{"partner name", p.Name}, {"street", p.Address.Street},
		{"building number", p.Address.BuildingNumber}, {"post code", p.Address.PostCode}, {"town", p.Address.Town}} {
		if err := journal.CheckText(f.what, f.text); err != nil {
			return Partner{}, err
		}
	}
	var err error
	if p.SIREN != "" {
		if p.SIREN, err = ident.ParseSIREN(string(p.SIREN)); err != nil {
			return Partner{}, err
		}
	}
	if p.SIRET != "" {
		if p.SIRET, err = ident.ParseSIRET(string(p.SIRET)); err != nil {
			return Partner{}, err
		}
		if p.SIREN != "" && p.SIRET.SIREN() != p.SIREN {
			return Partner{}, fmt.Errorf("%w: SIRET %s is not of SIREN %s", ErrPartnerData, p.SIRET, p.SIREN)
		}
	}
	if p.VAT != "" {
		if p.VAT, err = ident.ParseVATNumber(string(p.VAT)); err != nil {
			return Partner{}, err
		}
		siren := p.SIREN
		if siren == "" && p.SIRET != "" {
			siren = p.SIRET.SIREN()
		}
		if siren != "" && p.VAT[:2] == "FR" && string(p.VAT[4:]) != string(siren) {
			return Partner{}, fmt.Errorf("%w: VAT number %s is not of SIREN %s", ErrPartnerData, p.VAT, siren)
		}
	}
	if c := p.Address.Country; c != "" && !ident.IsCountry(c) {
		return Partner{}, fmt.Errorf("%w: country %q is not an ISO 3166 code such as FR", ErrPartnerData, c)
	}
	if len(p.BankAccounts) > PartnerBankAccountsMax {
		return Partner{}, fmt.Errorf("%w: %d bank accounts, at most %d", ErrPartnerData, len(p.BankAccounts), PartnerBankAccountsMax)
	}
	accounts := make([]BankAccount, len(p.BankAccounts))
	for i, a := range p.BankAccounts {
		if a.IBAN, err = ident.ParseIBAN(string(a.IBAN)); err != nil {
			return Partner{}, err
		}
		// One account, one record: it names the partner on a statement
		// and carries at most one mandate, so two records of it (two
		// labels, BICs or mandates) would say two things of one account.
		if slices.ContainsFunc(accounts[:i], func(b BankAccount) bool { return b.IBAN == a.IBAN }) {
			return Partner{}, fmt.Errorf("%w: bank account %s is given twice", ErrPartnerData, a.IBAN.Paper())
		}
		if a.BIC != "" {
			if a.BIC, err = ident.ParseBIC(string(a.BIC)); err != nil {
				return Partner{}, err
			}
		}
		if err := journal.CheckText("bank account label", a.Label); err != nil {
			return Partner{}, err
		}
		if !a.Mandate.IsZero() {
			if a.Mandate, err = a.Mandate.normalize(); err != nil {
				return Partner{}, err
			}
			if a.Mandate.OriginalIBAN == a.IBAN {
				return Partner{}, fmt.Errorf("%w: mandate %s's original account is the one it is on, %s", ErrMandate, a.Mandate.Reference, a.IBAN.Paper())
			}
		}
		accounts[i] = a
	}
	p.BankAccounts = accounts
	if p.PaymentTermDays < 0 || p.PaymentTermDays > PaymentTermDaysMax {
		return Partner{}, fmt.Errorf("%w: payment term of %d days, 0 to %d", ErrPartnerData, p.PaymentTermDays, PaymentTermDaysMax)
	}
	if p.PaymentTermDayOfMonth < 0 || p.PaymentTermDayOfMonth > PaymentTermDayOfMonthMax {
		return Partner{}, fmt.Errorf("%w: payment term on day %d of the month, 1 to %d (0 for none)", ErrPartnerData, p.PaymentTermDayOfMonth, PaymentTermDayOfMonthMax)
	}
	if !paymentMethods[p.PaymentMethod] {
		return Partner{}, fmt.Errorf("%w: unknown payment method %q", ErrPartnerData, p.PaymentMethod)
	}
	return p, nil
}

type partnerRec struct {
	Code     string           `cbor:"1,keyasint"`
	Name     string           `cbor:"2,keyasint"`
	SIREN    string           `cbor:"3,keyasint,omitempty"`
	SIRET    string           `cbor:"4,keyasint,omitempty"`
	VAT      string           `cbor:"5,keyasint,omitempty"`
	Address  *addressRec      `cbor:"6,keyasint,omitempty"`
	Accounts []bankAccountRec `cbor:"7,keyasint,omitempty"`
	Terms    int              `cbor:"8,keyasint,omitempty"`
	Method   string           `cbor:"9,keyasint,omitempty"`
	EOM      bool             `cbor:"10,keyasint,omitempty"` // PaymentTermEndOfMonth
	Consumer bool             `cbor:"11,keyasint,omitempty"`
	Day      int              `cbor:"12,keyasint,omitempty"` // PaymentTermDayOfMonth; absent from books written before it
}

type addressRec struct {
	Street   string `cbor:"1,keyasint,omitempty"`
	Building string `cbor:"2,keyasint,omitempty"`
	PostCode string `cbor:"3,keyasint,omitempty"`
	Town     string `cbor:"4,keyasint,omitempty"`
	Country  string `cbor:"5,keyasint,omitempty"`
}

type bankAccountRec struct {
	IBAN    string      `cbor:"1,keyasint"`
	BIC     string      `cbor:"2,keyasint,omitempty"`
	Label   string      `cbor:"3,keyasint,omitempty"`
	Mandate *mandateRec `cbor:"4,keyasint,omitempty"`
}

func partnerRecOf(p *Partner) partnerRec {
	r := partnerRec{Code: p.Code, Name: p.Name, SIREN: string(p.SIREN), SIRET: string(p.SIRET), VAT: string(p.VAT),
		Terms: p.PaymentTermDays, Method: p.PaymentMethod, EOM: p.PaymentTermEndOfMonth, Consumer: p.Consumer,
		Day: p.PaymentTermDayOfMonth}
	if a := p.Address; !a.IsZero() {
		r.Address = &addressRec{Street: a.Street, Building: a.BuildingNumber, PostCode: a.PostCode, Town: a.Town, Country: a.Country}
	}
	for _, a := range p.BankAccounts {
		r.Accounts = append(r.Accounts, bankAccountRec{IBAN: string(a.IBAN), BIC: string(a.BIC), Label: a.Label,
			Mandate: mandateRecOf(a.Mandate)})
	}
	return r
}

// partner rebuilds a partner from its record and checks it as AddPartner
// did: a record that fails is damaged.
func (r *partnerRec) partner() (Partner, error) {
	p := Partner{Code: r.Code, Name: r.Name, SIREN: ident.SIREN(r.SIREN), SIRET: ident.SIRET(r.SIRET), VAT: ident.VATNumber(r.VAT),
		PaymentTermDays: r.Terms, PaymentTermEndOfMonth: r.EOM, PaymentTermDayOfMonth: r.Day,
		PaymentMethod: r.Method, Consumer: r.Consumer}
	if a := r.Address; a != nil {
		p.Address = Address{Street: a.Street, BuildingNumber: a.Building, PostCode: a.PostCode, Town: a.Town, Country: a.Country}
	}
	for _, a := range r.Accounts {
		m, err := a.Mandate.mandate()
		if err != nil {
			return Partner{}, fmt.Errorf("%w: partner %q: %v", ErrFormat, r.Code, err)
		}
		p.BankAccounts = append(p.BankAccounts, BankAccount{IBAN: ident.IBAN(a.IBAN), BIC: ident.BIC(a.BIC), Label: a.Label, Mandate: m})
	}
	n, err := p.normalize()
	if err != nil {
		return Partner{}, fmt.Errorf("%w: partner %q: %v", ErrFormat, r.Code, err)
	}
	return n, nil
}

// AddPartner adds a partner with its master data, identifiers stored in
// their canonical form. It returns ErrCode, ErrDuplicate, a
// *journal.TextError for a text journal.CheckText refuses, the ident
// package's errors for an invalid IBAN, BIC, SIREN, SIRET or VAT number,
// ErrPartnerData, or ErrMandate for a direct debit mandate refused (one
// whose reference another partner's mandate has, among them).
func (b *Book) AddPartner(ctx context.Context, p Partner) error { return b.AddPartners(ctx, p) }

// AddPartners adds partners in one transaction: all of them, or none when
// one is refused (with the errors of AddPartner, naming its code).
func (b *Book) AddPartners(ctx context.Context, ps ...Partner) error {
	norm, err := normalizePartners(ps)
	if err != nil {
		return err
	}
	return b.Update(ctx, func(t *Tx) error { return t.addPartners(norm) })
}

// AddPartners is Book.AddPartners inside a transaction: partners added with
// the entries that name them (BatchOptions.Before), or not at all.
func (t *Tx) AddPartners(ps ...Partner) error {
	norm, err := normalizePartners(ps)
	if err != nil {
		return err
	}
	return t.addPartners(norm)
}

// normalizePartners returns ps in their stored form, or the error of the
// first refused (naming its code, of several).
func normalizePartners(ps []Partner) ([]Partner, error) {
	norm := make([]Partner, len(ps))
	for i, p := range ps {
		var err error
		if norm[i], err = p.normalize(); err != nil {
			return nil, refusedPartner(len(ps), p.Code, err)
		}
	}
	return norm, nil
}

// refusedPartner names, of several partners, the one refused.
func refusedPartner(of int, code string, err error) error {
	if of > 1 {
		return fmt.Errorf("partner %s: %w", code, err)
	}
	return err
}

func (t *Tx) addPartners(norm []Partner) error {
	if err := t.checkMandates(norm); err != nil {
		return err
	}
	for i := range norm {
		if err := putNew(t.st, bPartner, norm[i].Code, partnerRecOf(&norm[i])); err != nil {
			return refusedPartner(len(norm), norm[i].Code, err)
		}
	}
	return nil
}

// UpdatePartner replaces a partner's name and master data (a new bank
// account, an address that moved); its code stays. The partner as added is
// kept, and Check verifies both. It returns ErrUnknownPartner and the
// errors of AddPartner.
func (b *Book) UpdatePartner(ctx context.Context, p Partner) error {
	p, err := p.normalize()
	if err != nil {
		return err
	}
	return b.Update(ctx, func(t *Tx) error {
		if _, err := t.Partner(p.Code); err != nil {
			return err
		}
		return t.updatePartner(p)
	})
}

// updatePartner records p, normalized, as the partner's master data.
func (t *Tx) updatePartner(p Partner) error {
	p, err := p.normalize()
	if err != nil {
		return err
	}
	if err := t.checkMandates([]Partner{p}); err != nil {
		return err
	}
	delete(t.partners, p.Code)
	return t.st.Put(bPData, []byte(p.Code), encode(partnerRecOf(&p)))
}

// Partner returns a partner by code, or ErrUnknownPartner.
func (b *Book) Partner(ctx context.Context, code string) (Partner, error) {
	return read(ctx, b, func(t *Tx) (Partner, error) { return t.Partner(code) })
}

// Partner returns a partner by code, or ErrUnknownPartner.
func (t *Tx) Partner(code string) (Partner, error) {
	if p, ok := t.partners[code]; ok {
		return p.clone(), nil
	}
	seq, hash, cached, err := t.configHead()
	if err != nil {
		return Partner{}, err
	}
	if cached {
		if p, ok := t.b.config.partner(seq, hash, code); ok {
			if t.partners == nil {
				t.partners = map[string]Partner{}
			}
			t.partners[code] = p // a copy of its own; the next line skips the shared cache's lock
			return p.clone(), nil
		}
	}
	v, err := t.st.Get(bPartner, []byte(code))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadKey) {
		return Partner{}, fmt.Errorf("%w: %q", ErrUnknownPartner, code)
	} else if err != nil {
		return Partner{}, err
	}
	// Master data updated since: the latest version.
	if u, err := t.st.Get(bPData, []byte(code)); err == nil {
		v = u
	} else if !errors.Is(err, store.ErrNotFound) {
		return Partner{}, err
	}
	var r partnerRec
	if err := decode(v, &r); err != nil {
		return Partner{}, err
	}
	p, err := r.partner()
	if err != nil {
		return Partner{}, err
	}
	if t.partners == nil {
		t.partners = map[string]Partner{}
	}
	t.partners[code] = p
	if cached {
		t.b.config.keepPartner(seq, hash, code, p)
	}
	return p.clone(), nil
}

// Partners returns every partner in code order, with its latest master
// data.
func (t *Tx) Partners() ([]Partner, error) {
	var codes []string
	err := t.st.Scan(bPartner, nil, nil, false, func(k, _ []byte) error {
		codes = append(codes, string(k))
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]Partner, 0, len(codes))
	for _, c := range codes {
		p, err := t.Partner(c)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PartnersByIBAN returns the partners holding a bank account, in code
// order: usually one, but a customer that is also a supplier may be two
// partners with one account. It reads every partner: an import builds its
// own map once with Partners.
func (t *Tx) PartnersByIBAN(iban ident.IBAN) ([]Partner, error) {
	all, err := t.Partners()
	var out []Partner
	for _, p := range all {
		for _, a := range p.BankAccounts {
			if a.IBAN == iban {
				out = append(out, p)
				break
			}
		}
	}
	return out, err
}

// clone returns a copy of p that shares no slice with it.
func (p Partner) clone() Partner {
	p.BankAccounts = append([]BankAccount(nil), p.BankAccounts...)
	return p
}
