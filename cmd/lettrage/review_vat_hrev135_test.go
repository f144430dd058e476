package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev135Step runs one step on 30/04/2026 and requires it to succeed.
func hrev135Step(t *testing.T, dir string, args ...string) result {
	t.Helper()
	r := runAt(t, dir, "2026-04-30T18:00:00Z", "", args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r
}

// The CLI's March CA3 of a small company: goods at 20 % and 5,5 %, an
// export, the DOM rates, services on payment paid 700.01 of 1 200.00
// (116.67 on 583.34), a bill of goods and one of services paid; then
// March's return filed (tax lock 31/03), the rest of the services
// collected in April (83.33 on 416.66: 200.00 in all) and the March
// supplier payment unlettered: its reversal lands on 01/04 (−60.00 on
// −300.00), March unchanged.
func TestHrev135CLIMonthThenLockedUnletter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hrev135Step(t, dir, "init", "--year", "2026")
	hrev135Step(t, dir, "partner", "add", "C1", "--name", "Client Un")
	hrev135Step(t, dir, "partner", "add", "C2", "--name", "Client Deux")
	hrev135Step(t, dir, "partner", "add", "F1", "--name", "Fournisseur")
	hrev135Step(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "G", "--line", "411000:C1=1411.00",
		"--line", "707000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20", "--line", "707000=-200.00@TVA5.5", "--line", "445710=-11.00@TVA5.5")
	hrev135Step(t, dir, "post", "--journal", "VT", "--date", "2026-03-03", "--type", "invoice", "--ref", "X", "--line", "411000:C2=2000.00",
		"--line", "707000=-2000.00@EXPORT")
	hrev135Step(t, dir, "post", "--journal", "VT", "--date", "2026-03-04", "--type", "invoice", "--ref", "D", "--line", "411000:C2=210.60",
		"--line", "707000=-100.00@TVA8.5", "--line", "445710=-8.50@TVA8.5", "--line", "707000=-100.00@TVA2.1", "--line", "445710=-2.10@TVA2.1")
	hrev135Step(t, dir, "post", "--journal", "VT", "--date", "2026-03-05", "--type", "invoice", "--ref", "S1", "--line", "411000:C1=1200.00",
		"--line", "706000=-1000.00@TVA20-ENC", "--line", "445740=-200.00@TVA20-ENC")
	hrev135Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-07", "--type", "invoice", "--ref", "B1", "--line", "401000:F1=-600.00",
		"--line", "607000=500.00@TVA20-DED", "--line", "445660=100.00@TVA20-DED")
	hrev135Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-07", "--type", "invoice", "--ref", "B2", "--line", "401000:F1=-360.00",
		"--line", "604000=300.00@TVA20-DED-ENC", "--line", "445640=60.00@TVA20-DED-ENC")
	hrev135Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-10", "--amount", "700.01", "VT/2026/00004")
	hrev135Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-15", "AC/2026/00002")
	march := []string{"report", "vat", "--from", "2026-03-01", "--to", "2026-03-31", "--csv"}
	marchWant := `Row,Account,Tax,Name,Rate,Due on,Side,Base,Tax amount
detail,445660,TVA20-DED,TVA 20 % déductible,20,invoice,deductible,500.00,100.00
detail,445660,TVA20-DED-ENC,TVA 20 % déductible sur encaissements,20,payment,deductible,300.00,60.00
detail,445710,EXPORT,Export hors UE,0,invoice,collected,2000.00,0.00
detail,445710,TVA2.1,"TVA 2,1 %",2.1,invoice,collected,100.00,2.10
detail,445710,TVA5.5,"TVA 5,5 %",5.5,invoice,collected,200.00,11.00
detail,445710,TVA8.5,"TVA 8,5 %",8.5,invoice,collected,100.00,8.50
detail,445710,TVA20,TVA 20 %,20,invoice,collected,1000.00,200.00
detail,445710,TVA20-ENC,TVA 20 % sur encaissements,20,payment,collected,583.34,116.67
total,,,Collected,,,,,338.27
total,,,Deductible,,,,,160.00
total,,,Net due,,,,,178.27
`
	assert.Equal(t, marchWant, hrev135Step(t, dir, march...).stdout)
	hrev135Step(t, dir, "lock", "--tax", "2026-03-31", "--reason", "CA3 mars")
	hrev135Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-04-10", "VT/2026/00004")
	hrev135Step(t, dir, "unletter", "BQD/2026/00002")
	assert.Equal(t, marchWant, hrev135Step(t, dir, march...).stdout)
	assert.Equal(t, `Row,Account,Tax,Name,Rate,Due on,Side,Base,Tax amount
detail,445660,TVA20-DED-ENC,TVA 20 % déductible sur encaissements,20,payment,deductible,-300.00,-60.00
detail,445710,TVA20-ENC,TVA 20 % sur encaissements,20,payment,collected,416.66,83.33
total,,,Collected,,,,,83.33
total,,,Deductible,,,,,-60.00
total,,,Net due,,,,,143.33
`, hrev135Step(t, dir, "report", "vat", "--from", "2026-04-01", "--to", "2026-04-30", "--csv").stdout)
}

// Was failing, fixed: a fixed asset's VAT posted as the CLI tells (445620 "TVA déductible sur immobilisations" refused without the tax role, then accepted as --line 445620=400.00@TVA20-DED:tax) is reported as collected −400.00 and a 445660 deductible row of 0.00 on 2 000.00, where the CA3 wants 400.00 deductible on 445620 on base 2 000.00, collected 0.00, deductible 400.00, net credit 400.00.
func TestHrev135CLIFixedAssetVATIsDeductible(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hrev135Step(t, dir, "init", "--year", "2026")
	hrev135Step(t, dir, "partner", "add", "F1", "--name", "Fournisseur")
	r := runAt(t, dir, "2026-04-30T18:00:00Z", "", "post", "--journal", "AC", "--date", "2026-03-08", "--type", "invoice", "--ref", "IMMO",
		"--line", "401000:F1=-2400.00", "--line", "218300=2000.00@TVA20-DED", "--line", "445620=400.00@TVA20-DED")
	require.NotEqual(t, 0, r.code)
	require.Contains(t, r.stderr, "445620=AMOUNT@TVA20-DED:tax")
	hrev135Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-08", "--type", "invoice", "--ref", "IMMO",
		"--line", "401000:F1=-2400.00", "--line", "218300=2000.00@TVA20-DED", "--line", "445620=400.00@TVA20-DED:tax")
	assert.Equal(t, `Row,Account,Tax,Name,Rate,Due on,Side,Base,Tax amount
detail,445620,TVA20-DED,TVA 20 % déductible,20,invoice,deductible,2000.00,400.00
total,,,Collected,,,,,0.00
total,,,Deductible,,,,,400.00
total,,,Net credit,,,,,400.00
`, hrev135Step(t, dir, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31", "--csv").stdout)
}
