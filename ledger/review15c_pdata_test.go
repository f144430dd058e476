package ledger

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A pdata record altered, deleted or added outside the chain is found by
// Check and by Verify, as a partner record is.
func TestReview15cPDataTamper(t *testing.T) {
	for _, s := range stores {
		for _, tc := range []struct {
			name    string
			corrupt func(t *testing.T, f fixture)
		}{
			{"altered", func(t *testing.T, f fixture) {
				edit(t, f, bPData, []byte("C1"), func(r *partnerRec) { r.Name = "Someone else" })
			}},
			{"deleted", func(t *testing.T, f fixture) { f.del(t, bPData, []byte("C1")) }},
			{"added", func(t *testing.T, f fixture) {
				f.put(t, bPData, []byte("C2"), encode(partnerRec{Code: "C2", Name: "Forged"}))
			}},
		} {
			t.Run(s.Name+"/"+tc.name, func(t *testing.T) {
				f := newFixture(t, s)
				require.NoError(t, f.b.UpdatePartner(ctx, Partner{Code: "C1", Name: "C1 renamed"}))
				require.NoError(t, f.b.Check(ctx))
				require.NoError(t, f.b.Verify(ctx))
				tc.corrupt(t, f)
				require.Error(t, f.b.Check(ctx), "Check")
				require.Error(t, f.b.Verify(ctx), "Verify")
			})
		}
	}
}
