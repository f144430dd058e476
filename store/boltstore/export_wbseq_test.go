package boltstore

import (
	bolt "go.etcd.io/bbolt"
)

// WBDropSequence removes, from the closed book file at path, the sequence
// stored beside its write-behind generation: the book as a version that
// stored none wrote it.
func WBDropSequence(path string) error {
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	err = bdb.Update(func(btx *bolt.Tx) error {
		if b := btx.Bucket(wbGen); b != nil {
			return b.Delete(wbSeqKey)
		}
		return nil
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	return err
}
