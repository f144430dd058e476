package ledger

import (
	"context"
	"slices"
)

// FrenchChart returns the French chart (Plan comptable général, codes
// padded to six digits as French software does) that InstallFrenchChart
// writes, with the kind each account has: a copy, the caller's to change.
func FrenchChart() []Account { return slices.Clone(frenchChart) }

// FrenchJournals returns the journals InstallFrenchChart adds: sales,
// purchases, a bank journal with outstanding accounts (Odoo's way), a bank
// journal posting straight to the bank, cash, miscellaneous, exchange
// differences and cash-basis VAT. A copy, the caller's to change.
func FrenchJournals() []Journal { return slices.Clone(frenchJournals) }

var frenchChart = []Account{
	NewAccount("101000", "Capital", KindEquity),
	NewAccount("104000", "Primes liées au capital social", KindEquity),
	NewAccount("106100", "Réserve légale", KindEquity),
	NewAccount("106800", "Autres réserves", KindEquity),
	NewAccount("108000", "Compte de l'exploitant", KindEquity),
	NewAccount("110000", "Report à nouveau (solde créditeur)", KindEquity),
	NewAccount("119000", "Report à nouveau (solde débiteur)", KindEquity),
	NewAccount("120000", "Résultat de l'exercice (bénéfice)", KindEquity),
	NewAccount("129000", "Résultat de l'exercice (perte)", KindEquity),
	NewAccount("131000", "Subventions d'équipement", KindOther),
	NewAccount("151500", "Provisions pour pertes de change", KindProvision),
	NewAccount("164000", "Emprunts auprès des établissements de crédit", KindOther),
	NewAccount("165000", "Dépôts et cautionnements reçus", KindOther),
	NewAccount("201000", "Frais d'établissement", KindOther),
	NewAccount("205000", "Concessions, brevets, licences, logiciels", KindOther),
	NewAccount("207000", "Fonds commercial", KindOther),
	NewAccount("211000", "Terrains", KindOther),
	NewAccount("213000", "Constructions", KindOther),
	NewAccount("215400", "Matériel industriel", KindOther),
	NewAccount("218200", "Matériel de transport", KindOther),
	NewAccount("218300", "Matériel de bureau et matériel informatique", KindOther),
	NewAccount("218400", "Mobilier", KindOther),
	NewAccount("275000", "Dépôts et cautionnements versés", KindOther),
	NewAccount("280500", "Amortissements des concessions, brevets, licences, logiciels", KindOther),
	NewAccount("281300", "Amortissements des constructions", KindOther),
	NewAccount("281540", "Amortissements du matériel industriel", KindOther),
	NewAccount("281820", "Amortissements du matériel de transport", KindOther),
	NewAccount("281830", "Amortissements du matériel de bureau et informatique", KindOther),
	NewAccount("281840", "Amortissements du mobilier", KindOther),
	NewAccount("310000", "Stocks de matières premières", KindOther),
	NewAccount("355000", "Stocks de produits finis", KindOther),
	NewAccount("370000", "Stocks de marchandises", KindOther),
	NewAccount("401000", "Fournisseurs", KindPayable),
	NewAccount("403000", "Fournisseurs - effets à payer", KindPayable),
	NewAccount("404000", "Fournisseurs d'immobilisations", KindPayable),
	accrual("408100", "Fournisseurs - factures non parvenues"),
	NewAccount("409100", "Fournisseurs - avances et acomptes versés", KindSupplierAdvance),
	NewAccount("411000", "Clients", KindReceivable),
	NewAccount("413000", "Clients - effets à recevoir", KindReceivable),
	NewAccount("416000", "Clients douteux ou litigieux", KindReceivable),
	accrual("418100", "Clients - factures à établir"),
	NewAccount("419100", "Clients - avances et acomptes reçus", KindCustomerAdvance),
	NewAccount("421000", "Personnel - rémunérations dues", KindOther),
	NewAccount("431000", "Sécurité sociale", KindOther),
	NewAccount("437000", "Autres organismes sociaux", KindOther),
	NewAccount("444000", "État - impôts sur les bénéfices", KindOther),
	NewAccount("445200", "TVA due intracommunautaire", KindTax),
	NewAccount("445510", "TVA à décaisser", KindTax),
	NewAccount("445620", "TVA déductible sur immobilisations", KindTax),
	NewAccount("445640", "TVA déductible sur encaissements (en attente)", KindTaxTransition),
	NewAccount("445660", "TVA déductible sur autres biens et services", KindTax),
	NewAccount("445662", "TVA déductible intracommunautaire", KindTax),
	NewAccount("445670", "Crédit de TVA à reporter", KindTax),
	NewAccount("445710", "TVA collectée", KindTax),
	NewAccount("445740", "TVA collectée sur encaissements (en attente)", KindTaxTransition),
	NewAccount("445800", "Taxes sur le chiffre d'affaires à régulariser ou en attente", KindTax),
	NewAccount("447000", "Autres impôts, taxes et versements assimilés", KindOther),
	NewAccount("455000", "Associés - comptes courants", KindOther),
	NewAccount("467000", "Autres comptes débiteurs ou créditeurs", KindOther),
	NewAccount("471000", "Compte d'attente", KindSuspense),
	NewAccount("476000", "Différences de conversion - actif", KindUnrealisedFXAsset),
	NewAccount("477000", "Différences de conversion - passif", KindUnrealisedFXLiability),
	NewAccount("486000", "Charges constatées d'avance", KindOther),
	NewAccount("487000", "Produits constatés d'avance", KindOther),
	NewAccount("491000", "Dépréciations des comptes de clients", KindOther),
	NewAccount("511200", "Chèques à encaisser", KindOutstandingReceipts),
	NewAccount("512000", "Banque", KindBank),
	NewAccount("512100", "Encaissements en attente", KindOutstandingReceipts),
	NewAccount("512200", "Décaissements en attente", KindOutstandingPayments),
	NewAccount("519000", "Concours bancaires courants", KindOther),
	NewAccount("530000", "Caisse", KindCash),
	NewAccount("580000", "Virements internes", KindInternalTransfer),
	NewAccount("601000", "Achats stockés - matières premières", KindExpense),
	NewAccount("602000", "Achats stockés - autres approvisionnements", KindExpense),
	NewAccount("603700", "Variation des stocks de marchandises", KindExpense),
	NewAccount("604000", "Achats d'études et prestations de services", KindExpense),
	NewAccount("606100", "Fournitures non stockables (eau, énergie)", KindExpense),
	NewAccount("606300", "Fournitures d'entretien et de petit équipement", KindExpense),
	NewAccount("606400", "Fournitures administratives", KindExpense),
	NewAccount("607000", "Achats de marchandises", KindExpense),
	NewAccount("609000", "Rabais, remises et ristournes obtenus sur achats", KindExpense),
	NewAccount("611000", "Sous-traitance générale", KindExpense),
	NewAccount("613200", "Locations immobilières", KindExpense),
	NewAccount("613500", "Locations mobilières", KindExpense),
	NewAccount("615000", "Entretien et réparations", KindExpense),
	NewAccount("616000", "Primes d'assurances", KindExpense),
	NewAccount("618000", "Divers (documentation, séminaires)", KindExpense),
	NewAccount("621000", "Personnel extérieur à l'entreprise", KindExpense),
	NewAccount("622600", "Honoraires", KindExpense),
	NewAccount("623000", "Publicité, publications, relations publiques", KindExpense),
	NewAccount("624000", "Transports de biens et transports collectifs du personnel", KindExpense),
	NewAccount("625100", "Voyages et déplacements", KindExpense),
	NewAccount("625700", "Réceptions", KindExpense),
	NewAccount("626000", "Frais postaux et de télécommunications", KindExpense),
	NewAccount("627000", "Services bancaires", KindExpense),
	NewAccount("628000", "Charges externes diverses", KindExpense),
	NewAccount("635100", "Impôts directs (sauf impôts sur les bénéfices)", KindExpense),
	NewAccount("637000", "Autres impôts, taxes et versements assimilés", KindExpense),
	NewAccount("641000", "Rémunérations du personnel", KindExpense),
	NewAccount("644000", "Rémunération du travail de l'exploitant", KindExpense),
	NewAccount("645000", "Charges de sécurité sociale et de prévoyance", KindExpense),
	NewAccount("647000", "Autres charges sociales", KindExpense),
	NewAccount("651000", "Redevances pour concessions, brevets, licences, logiciels", KindExpense),
	NewAccount("654000", "Pertes sur créances irrécouvrables", KindExpense),
	NewAccount("656000", "Pertes de change sur créances et dettes commerciales", KindExchangeLoss),
	NewAccount("658000", "Charges diverses de gestion courante", KindWriteOffLoss),
	NewAccount("661100", "Intérêts des emprunts et dettes", KindExpense),
	NewAccount("665000", "Escomptes accordés", KindDiscountGranted),
	NewAccount("666000", "Pertes de change financières", KindExchangeLoss),
	NewAccount("668000", "Autres charges financières", KindExpense),
	NewAccount("671000", "Charges exceptionnelles sur opérations de gestion", KindExpense),
	NewAccount("675000", "Valeurs comptables des éléments d'actif cédés", KindExpense),
	NewAccount("681100", "Dotations aux amortissements des immobilisations", KindExpense),
	NewAccount("681500", "Dotations aux provisions pour risques", KindProvision),
	NewAccount("681740", "Dotations aux dépréciations des créances", KindExpense),
	NewAccount("695000", "Impôts sur les bénéfices", KindExpense),
	NewAccount("701000", "Ventes de produits finis", KindIncome),
	NewAccount("704000", "Travaux", KindIncome),
	NewAccount("706000", "Prestations de services", KindIncome),
	NewAccount("707000", "Ventes de marchandises", KindIncome),
	NewAccount("708000", "Produits des activités annexes", KindIncome),
	NewAccount("708500", "Ports et frais accessoires facturés", KindIncome),
	NewAccount("709000", "Rabais, remises et ristournes accordés", KindIncome),
	NewAccount("713000", "Variation des stocks (en-cours de production, produits)", KindIncome),
	NewAccount("740000", "Subventions d'exploitation", KindIncome),
	NewAccount("756000", "Gains de change sur créances et dettes commerciales", KindExchangeGain),
	NewAccount("758000", "Produits divers de gestion courante", KindWriteOffGain),
	NewAccount("758800", "Autres produits divers de gestion courante", KindIncome),
	NewAccount("763100", "Revenus des créances commerciales", KindIncome),
	NewAccount("764000", "Revenus des valeurs mobilières de placement", KindIncome),
	NewAccount("765000", "Escomptes obtenus", KindDiscountObtained),
	NewAccount("766000", "Gains de change financiers", KindExchangeGain),
	NewAccount("768000", "Autres produits financiers", KindIncome),
	NewAccount("771000", "Produits exceptionnels sur opérations de gestion", KindIncome),
	NewAccount("775000", "Produits des cessions d'éléments d'actif", KindIncome),
	NewAccount("781100", "Reprises sur amortissements des immobilisations", KindIncome),
	NewAccount("781500", "Reprises sur provisions pour risques", KindIncome),
	NewAccount("781740", "Reprises sur dépréciations des créances", KindIncome),
}

// accrual is an account of invoices to receive or to issue at the year's
// end (408100, 418100): a general account, as French software keeps it,
// whose lines need no partner, lettered with the reversal of the next
// year.
func accrual(code, name string) Account { return AccountOfCode(code, name) }

var frenchJournals = []Journal{
	{Code: "VT", Name: "Ventes", Kind: JournalSale},
	{Code: "AC", Name: "Achats", Kind: JournalPurchase},
	{Code: "BQ", Name: "Banque", Kind: JournalBank, BankAccount: "512000", UsesOutstanding: true,
		OutstandingReceipts: "512100", OutstandingPayments: "512200"},
	{Code: "BQD", Name: "Banque (direct)", Kind: JournalBank, BankAccount: "512000"},
	{Code: "CA", Name: "Caisse", Kind: JournalCash, BankAccount: "530000"},
	{Code: "OD", Name: "Opérations diverses", Kind: JournalGeneral},
	{Code: "CHG", Name: "Différences de change", Kind: JournalExchange},
	{Code: "TVA", Name: "TVA sur encaissements", Kind: JournalCashBasis},
}

// InstallFrenchChart adds FrenchChart and FrenchJournals in one
// transaction. It returns ErrDuplicate if any code already exists, writing
// nothing.
func (b *Book) InstallFrenchChart(ctx context.Context) error {
	return b.Update(ctx, func(t *Tx) error {
		for _, a := range frenchChart {
			if err := t.putAccount(a); err != nil {
				return err
			}
		}
		for _, j := range frenchJournals {
			if err := putNew(t.st, bJournal, j.Code, journalRec{Code: j.Code, Name: j.Name, Kind: uint8(j.Kind),
				BankAccount: j.BankAccount, UsesOutstanding: j.UsesOutstanding,
				OutstandingReceipts: j.OutstandingReceipts, OutstandingPayments: j.OutstandingPayments}); err != nil {
				return err
			}
		}
		return nil
	})
}
