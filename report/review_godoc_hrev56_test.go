package report_test

// Review h-rev56: the FEC export's godoc read as a contract; this one held.

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
)

// Passes: WriteFEC's output for both example years validates with no finding (fiscal year, legal file name, counts agreeing with FECSummary), CompAuxNum only on 401/411 lines, no DateLet after the year end (DESIGN §13).
func TestHrev56FECValidates(t *testing.T) {
	for _, label := range []string{"2025", "2026"} {
		b := exampleMem()
		var buf bytes.Buffer
		sum, err := report.WriteFEC(ctx, b, label, &buf, report.FECOptions{Separator: fec.Pipe})
		if err != nil {
			t.Fatal(err)
		}
		name := fec.FileName("123456782", sum.Year.End) + ".txt"
		rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End, FileName: name})
		if err != nil || !rep.OK() || rep.Warnings != 0 || rep.Lines != sum.Lines || rep.Entries != sum.Entries {
			t.Errorf("%s: %v %+v\n%s", label, err, rep, buf.String())
		}
		for i, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
			f := strings.Split(l, "|")
			if i == 0 || len(f) != 18 {
				continue
			}
			aux := f[6] != ""
			recv := strings.HasPrefix(f[4], "411") || strings.HasPrefix(f[4], "401")
			if aux != recv {
				t.Errorf("%s: CompAuxNum on %s: %q", label, f[4], l)
			}
			if f[14] != "" && f[14] > strings.ReplaceAll(sum.Year.End.String(), "-", "") {
				t.Errorf("DateLet after year end: %q", l)
			}
		}
	}
}
