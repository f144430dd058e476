// Package store is the transactional, ordered key-value interface a book is
// written on. It knows nothing about accounting: the ledger owns keys and
// encoding.
//
// # Basics
//
// A Store runs functions in transactions. View transactions read a
// consistent snapshot; Update transactions are serializable and commit
// atomically when their function returns nil.
//
//	err := s.Update(ctx, func(tx store.Tx) error {
//		return tx.Put([]byte("accounts"), []byte("411000"), value)
//	})
//
// Backends: store/memstore (in memory) and store/boltstore (bbolt, the
// embedded default). Every backend passes store/storetest.
//
// # Caveats
//
// An Update function may run more than once (distributed engines retry on
// conflict; storetest.Twice proves callers cope): it must have no side
// effects outside the transaction. Values returned by Get and Scan are valid
// only until the transaction ends; copy what you keep. Slices passed to Put
// must not change until the transaction ends. Group commit is the caller's
// business, not the store's.
package store
