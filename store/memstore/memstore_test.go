package memstore_test

import (
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memstore.New() })
}
