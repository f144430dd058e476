package boltstore_test

// Third review of the write-behind file (wbfile.go), after f4de049: frames
// in whole whitened sectors, a file of another generation refused, the
// AcceptRollback cut, a DB broken by a failed commit while it has the
// file, a file holding no frame removed at Open. Each test below failed
// on the reviewed change; its comment says what is expected, what was
// observed, and how sure the reviewer was that it is a defect. All three
// are mended: a file's header names the generation it replaces, torn()
// takes only the file's last write for torn, and a failed commit breaks
// the DB only when its meta page reached the file.

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// TestReviewWAL3HeaderOnlyFileOfAnotherGenerationHidesMissingFile.
//
// The variant of TestReviewWAL2StaleFileOfAnotherGenerationHidesMissingFile
// that f4de049 left open: the stale file beside the book holds a header
// and no frame. openWBFile removes any file of 512 bytes or less "whatever
// its header" before it compares generations, so a book storing G2 beside
// a header-only file of G1 opens as if G2's file held nothing, and the
// frames G2's file held are gone without an error. The docs (package
// comment): "It refuses a book whose file is missing or of another state
// of the book (unless Options.AcceptRollback)". Open can tell: the header
// names G1, not the book's G2. (A header-only file of another generation
// can also follow a crash in the commit creating a new file after the
// book's own file was already given up, by AcceptRollback or because it
// held no frame; telling those apart needs more than the header says now,
// e.g. the new file's header naming the generation it replaces.)
//
// Expected: store.ErrCorrupt, as for a stale file with frames. Observed:
// Open succeeds without w1/d (acknowledged, a frame of G2's file), and
// deletes the stale file. Confidence: medium (the files copied at
// different moments, the case the last round's fix covers when the stale
// file holds a frame).
func TestReviewWAL3HeaderOnlyFileOfAnotherGenerationHidesMissingFile(t *testing.T) {
	walRequireStaleFileRefused(t, false)
}

// TestReviewWAL3ZeroSectorInFrameFollowedByTornFrameCutSilently.
//
// torn() is documented for "the bad frame at off, last in the file", but
// wbFrames calls it for any bad frame that no GOOD frame follows. A frame
// written whole and synced (its commit acknowledged), one of whose
// sectors later reads as zeros (a lost or remapped sector), followed by
// the frame of a later commit that a crash tore (that commit never
// returned), is taken for a torn write: its length is intact and its end
// lies before the end of the file, so a later write followed it and it
// was synced before that write began; yet Open cuts the file at its start,
// silently dropping the acknowledged commit. Open could know: a bad frame
// whose (intact) length ends before the data of another write is never
// the write a crash interrupted.
//
// Expected: store.ErrCorrupt. Observed: Open succeeds without w2/big.
// Confidence: medium (needs damage to a synced frame and a crash in the
// next append; each alone is handled, the pair loses a commit silently).
func TestReviewWAL3ZeroSectorInFrameFollowedByTornFrameCutSilently(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // record in bbolt, creates the file
	big := make([]byte, 1500)           // incompressible: deflate keeps it as is
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range big {
		big[i] = byte(rng.UintN(256))
	}
	b.update([3]string{"w2", "big", string(big)}) // a frame of more than one sector
	data0, err := os.ReadFile(b.path + boltstore.WBFileSuffix)
	require.NoError(t, err)
	b.update([3]string{"w1", "c", "3"}) // the next frame: its commit will be torn
	cp := b.crashCopy()
	delete(b.model["w1"], "c") // a crash tore its frame: it never returned
	wb := cp + boltstore.WBFileSuffix
	data, err := os.ReadFile(wb)
	require.NoError(t, err)
	offs := walFrameOffsets(t, data)
	require.Len(t, offs, 2)
	require.Equal(t, len(data0), offs[1])
	require.Greater(t, offs[1]-offs[0], 512, "precondition: w2/big's frame spans sectors")

	clear(data[offs[0]+512 : offs[0]+1024]) // damage: w2/big's second sector reads as zeros
	data = data[:offs[1]+100]               // w1/c's frame cut short by the crash
	require.NoError(t, os.WriteFile(wb, data, 0o600))
	got, err := wal2Open(t, cp, wal2Opts)
	require.ErrorIs(t, err, store.ErrCorrupt,
		"a frame synced whole, damaged, a later write after it: opened instead, holding (w2/big missing):\n%s", got)
}

// TestReviewWAL3CommitFailingBeforeAnyWriteBreaksDB.
//
// f4de049 marks the DB broken (every later Update refused until the book
// is opened again) whenever a bbolt commit fails while the DB has a
// write-behind file, because bbolt may have written the failed commit's
// meta page. bbolt writes its meta page last, after every other page: a
// commit whose first page write fails (a full disk, ENOSPC; simulated by a
// hook on bbolt's write) never wrote a meta page, the file holds the state
// before it exactly as after any failed commit without the file, and
// nothing stops the next commit. Yet the DB now refuses every write for
// the rest of the process: a long-running service on a disk that filled
// up for a moment must be restarted, where without the write-behind file
// (and before f4de049) the next Update simply succeeded. The caller's own
// errors, a cancelled context and logRecord's errors are not affected
// (checked: only btx.Commit's failure breaks the DB).
//
// Expected: after the failed commit returns its error, the next Update
// succeeds. Observed: it returns errWBFileBroken ("a commit failed").
// Confidence: low-medium (a conservative choice; telling a failure before
// the meta write from one after it would need bbolt's write hook or a
// check of the meta pages on disk).
func TestReviewWAL3CommitFailingBeforeAnyWriteBreaksDB(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // record in bbolt, creates the file
	b.update([3]string{"w1", "b", "2"}) // frame
	boltstore.ReviewWAL3FailNextDataWrite(b.db)
	err := b.db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("plain"), []byte("p"), []byte("x")) })
	require.Error(t, err, "precondition: the commit fails before writing a page")
	err = b.db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("plain"), []byte("p"), []byte("x")) })
	require.NoError(t, err, "nothing of the failed commit reached the file: the next commit must go on")
}
