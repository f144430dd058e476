package reconcile_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The FEC of an impairment (2026) and of the bad debt that follows it
// (2027): 491000 carries no CompAuxNum (not a receivable/payable account)
// and opens 2027 in one row; the bad debt's 411000 line is lettered with
// the invoice, whose opening line carries the code and its date.
func TestHrev202FECImpairmentAndBadDebt(t *testing.T) {
	t.Parallel()
	f := newFixture(t, memstore.New())
	inv := f.hrev182Goods(t, "C1", d(10, 1), "1000.00", hrev182VAT20)
	f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("500.00")})
	*f.now = time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC)
	_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "alice")
	require.NoError(t, err)
	_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: hrev202Y27(3, 15)})
	require.NoError(t, err)
	f.impair(t, hrev202Y27(3, 15), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("0.00")})
	fecOf := func(y string) string {
		var buf bytes.Buffer
		_, err := report.WriteFEC(ctx, f.book, y, &buf, report.FECOptions{})
		require.NoError(t, err)
		return strings.ReplaceAll(buf.String(), "\t", "|")
	}
	y26, y27 := fecOf("2026"), fecOf("2027")
	assert.Contains(t, y26, "|20261231|491000|Dépréciations des comptes de clients|||OD/2026/00001|20261231|Dépréciation créance douteuse Partner C1|0,00|500,00|||")
	assert.Contains(t, y26, "|20261231|681740|Dotations aux dépréciations des créances|||OD/2026/00001|20261231|Dépréciation créance douteuse Partner C1|500,00|0,00|||")
	assert.Contains(t, y27, "AN/2027/00001|20270101|491000|Dépréciations des comptes de clients|||AN/2027/00001|20270101|A nouveaux|0,00|500,00|||")
	assert.Contains(t, y27, "AN/2027/00001|20270101|411000|Clients|C1|Partner C1|VT/2026/00001|20261001|VT/2026/00001|1200,00|0,00|AAA|20270315|")
	assert.Contains(t, y27, "OD/2027/00001|20270315|411000|Clients|C1|Partner C1|VT/2026/00001|20270315|Créance irrécouvrable VT/2026/00001|0,00|1200,00|AAA|20270315|")
	assert.Contains(t, y27, "|20270315|654000|Pertes sur créances irrécouvrables|||VT/2026/00001|20270315|Créance irrécouvrable VT/2026/00001|1000,00|0,00|||")
	assert.Contains(t, y27, "|20270315|445710|TVA collectée|||VT/2026/00001|20270315|Créance irrécouvrable VT/2026/00001|200,00|0,00|||")
	assert.Contains(t, y27, "OD/2027/00002|20270315|491000|Dépréciations des comptes de clients|||OD/2027/00002|20270315|Reprise de dépréciation créance Partner C1|500,00|0,00|||")
}
