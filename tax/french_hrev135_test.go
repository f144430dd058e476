package tax_test

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The DOM rates are French taxes like the others: TVA8.5 (8,5 %) and
// TVA1.05 (1,05 %) are found by id, on both sides and exigibilities.
func TestHrev135FrenchVATByIDFindsDOMRates(t *testing.T) {
	for id, rate := range map[string]string{"TVA8.5": "8.5", "TVA1.05": "1.05", "TVA8.5-DED-ENC": "8.5", "TVA2.1-ENC": "2.1"} {
		x, err := tax.FrenchVATByID(id)
		require.NoError(t, err, id)
		assert.Equal(t, rate, x.Rate.String(), id)
	}
}

// Was failing, fixed: FrenchVATByID promises an error "with the ids it knows", but its message (shown by `lettrage post --line 707000=-100.00@TVA8,5`) lists "TVA20, TVA10, TVA5.5, TVA2.1, EXO or EXPORT" and leaves out the DOM ids TVA8.5 and TVA1.05 it accepts, so a Réunion user typing TVA8,5 is not told the right spelling.
func TestHrev135FrenchVATByIDErrorNamesDOMRates(t *testing.T) {
	_, err := tax.FrenchVATByID("TVA8,5")
	require.True(t, errors.Is(err, tax.ErrUnknownID), "%v", err)
	assert.Contains(t, err.Error(), "TVA8.5")
	assert.Contains(t, err.Error(), "TVA1.05")
}
