package boltstore

import (
	"context"
	"encoding/binary"
	"io"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// TestReview2VerifyBesideGrowingWritersBackupsAndPanics: VerifyStructure
// in a loop beside writers that grow the file (remaps wait for readers),
// a writer whose function panics, and backups; nothing deadlocks, no
// damage is reported, and Close during a verify returns.
func TestReview2VerifyBesideGrowingWritersBackupsAndPanics(t *testing.T) {
	ctx := context.Background()
	d, err := Open(filepath.Join(t.TempDir(), "book.db"), Options{NoSync: true, InitialMmapSize: 1 << 16})
	require.NoError(t, err)
	var stop atomic.Bool
	var wg sync.WaitGroup
	var seq atomic.Uint64
	big := make([]byte, 3000)
	for g := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				_ = d.Update(ctx, func(tx store.Tx) error {
					for range 20 {
						k := binary.BigEndian.AppendUint64(nil, seq.Add(1))
						if err := tx.Put([]byte{'b', byte(g)}, k, big); err != nil {
							return err
						}
					}
					return nil
				})
			}
		}()
	}
	wg.Add(1)
	go func() { // a writer that panics inside its function
		defer wg.Done()
		for !stop.Load() {
			func() {
				defer func() { _ = recover() }()
				_ = d.Update(ctx, func(tx store.Tx) error {
					_ = tx.Put([]byte("p"), []byte("k"), []byte("v"))
					panic("caller's bug")
				})
			}()
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			_, _ = d.Backup(ctx, io.Discard)
		}
	}()
	done := make(chan error, 1)
	go func() {
		deadline := time.Now().Add(4 * time.Second)
		for time.Now().Before(deadline) {
			if err := d.VerifyStructure(ctx); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(60 * time.Second):
		t.Fatal("VerifyStructure beside writers, a panicking writer and backups: deadlock")
	}
	stop.Store(true)
	waited := make(chan struct{})
	go func() { wg.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(30 * time.Second):
		t.Fatal("writers did not stop: deadlock")
	}
	// Close while a verify runs.
	verr := make(chan error, 1)
	go func() { verr <- d.VerifyStructure(ctx) }()
	time.Sleep(time.Millisecond)
	closed := make(chan error, 1)
	go func() { closed <- d.Close() }()
	for _, c := range []chan error{verr, closed} {
		select {
		case <-c:
		case <-time.After(30 * time.Second):
			t.Fatal("Close during VerifyStructure: deadlock")
		}
	}
}
