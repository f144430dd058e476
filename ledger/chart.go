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
	NewAccount("120000", "Résultat de l'exercice (bénéfice)", KindEquity),
	NewAccount("129000", "Résultat de l'exercice (perte)", KindEquity),
	NewAccount("151500", "Provisions pour pertes de change", KindProvision),
	NewAccount("401000", "Fournisseurs", KindPayable),
	NewAccount("403000", "Fournisseurs - effets à payer", KindPayable),
	NewAccount("411000", "Clients", KindReceivable),
	NewAccount("413000", "Clients - effets à recevoir", KindReceivable),
	NewAccount("419100", "Clients - avances et acomptes reçus", KindCustomerAdvance),
	NewAccount("445640", "TVA déductible sur encaissements (en attente)", KindTaxTransition),
	NewAccount("445660", "TVA déductible sur autres biens et services", KindTax),
	NewAccount("445710", "TVA collectée", KindTax),
	NewAccount("445740", "TVA collectée sur encaissements (en attente)", KindTaxTransition),
	NewAccount("471000", "Compte d'attente", KindSuspense),
	NewAccount("476000", "Différences de conversion - actif", KindUnrealisedFXAsset),
	NewAccount("477000", "Différences de conversion - passif", KindUnrealisedFXLiability),
	NewAccount("511200", "Chèques à encaisser", KindOutstandingReceipts),
	NewAccount("512000", "Banque", KindBank),
	NewAccount("512100", "Encaissements en attente", KindOutstandingReceipts),
	NewAccount("512200", "Décaissements en attente", KindOutstandingPayments),
	NewAccount("530000", "Caisse", KindCash),
	NewAccount("580000", "Virements internes", KindInternalTransfer),
	NewAccount("607000", "Achats de marchandises", KindExpense),
	NewAccount("627000", "Services bancaires", KindExpense),
	NewAccount("656000", "Pertes de change sur créances et dettes commerciales", KindExchangeLoss),
	NewAccount("658000", "Charges diverses de gestion courante", KindWriteOffLoss),
	NewAccount("665000", "Escomptes accordés", KindDiscountGranted),
	NewAccount("666000", "Pertes de change financières", KindExchangeLoss),
	NewAccount("681500", "Dotations aux provisions pour risques", KindProvision),
	NewAccount("706000", "Prestations de services", KindIncome),
	NewAccount("707000", "Ventes de marchandises", KindIncome),
	NewAccount("756000", "Gains de change sur créances et dettes commerciales", KindExchangeGain),
	NewAccount("758000", "Produits divers de gestion courante", KindWriteOffGain),
	NewAccount("765000", "Escomptes obtenus", KindDiscountObtained),
	NewAccount("766000", "Gains de change financiers", KindExchangeGain),
}

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
