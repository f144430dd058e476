package ledger_test

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// Benchmarks on PostgreSQL (LETTRAGE_PG_DSN; durable=1 in the output when
// the server fsyncs each commit). The raw pgx loops are the baseline,
// measured in the same run on the same server: one INSERT of a 200-byte
// row per SERIALIZABLE transaction, and 1 000 INSERTs, one round trip
// each, in one.
//
//	LETTRAGE_PG_DSN=postgres://… go test ./ledger -run '^$' -bench Postgres -benchtime 3s
//
// and lettering on PostgreSQL beside durable bbolt, in the same run:
//
//	LETTRAGE_PG_DSN=postgres://… go test ./reconcile -run '^$' -bench 'RegisterAndLetter/(bbolt-durable|pgstore)/plain' -benchtime 2s

func pgBenchStore(b *testing.B) *pgstore.DB {
	st := storetest.OpenPostgres(b, pgstore.Options{})
	d := 0.0
	if st.Durable() {
		d = 1
	}
	b.Cleanup(func() { b.ReportMetric(d, "durable") })
	return st
}

func BenchmarkPostgresPost(b *testing.B) {
	st := pgBenchStore(b)
	bk := benchBook(b, st)
	addPartners(b, bk, 1)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bk.Post(ctx, benchEntry(i, "C000000")); err != nil {
			b.Fatal(err)
		}
	}
	indexAll(b, bk)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

func BenchmarkPostgresBatch1000(b *testing.B) {
	st := pgBenchStore(b)
	bk := benchBook(b, st)
	addPartners(b, bk, 1)
	ctx := context.Background()
	batch := make([]journal.Entry, 1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range batch {
			batch[j] = benchEntry(i*1000+j, "C000000")
		}
		res, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
	indexAll(b, bk)
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "entries/s")
}

// pgRaw is the baseline's table, raw in the benchmark's own schema: a
// connection, the schema, and the INSERT of one row.
func pgRaw(b *testing.B) (*pgx.Conn, string, string) {
	st := pgBenchStore(b)
	ctx := context.Background()
	c, err := pgx.ConnectConfig(ctx, st.Pool().Config().ConnConfig)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(ctx) })
	table := pgx.Identifier{st.Schema(), "raw"}.Sanitize()
	if _, err := c.Exec(ctx, `CREATE TABLE `+table+` (k bytea PRIMARY KEY, v bytea NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _, _ = c.Exec(ctx, `DROP TABLE `+table) })
	return c, st.Schema(), `INSERT INTO ` + table + ` (k, v) VALUES ($1, $2)`
}

func BenchmarkPostgresRawInsertPerTx(b *testing.B) {
	c, _, insert := pgRaw(b)
	ctx := context.Background()
	val := make([]byte, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pgx.BeginTxFunc(ctx, c, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, insert, binary.BigEndian.AppendUint64(nil, uint64(i)), val)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

func BenchmarkPostgresRaw1000InsertsPerTx(b *testing.B) {
	c, _, insert := pgRaw(b)
	ctx := context.Background()
	val := make([]byte, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pgx.BeginTxFunc(ctx, c, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			for j := range 1000 {
				if _, err := tx.Exec(ctx, insert, binary.BigEndian.AppendUint64(nil, uint64(i*1000+j)), val); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "puts/s")
}

// BenchmarkPostgresRawCopy1000PerTx is the other raw baseline of a batch:
// 1 000 rows sent with COPY (pgx CopyFrom) in one transaction, the fastest
// way PostgreSQL takes rows in.
func BenchmarkPostgresRawCopy1000PerTx(b *testing.B) {
	c, schema, _ := pgRaw(b)
	ctx := context.Background()
	val := make([]byte, 200)
	rows := make([][]any, 1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range rows {
			rows[j] = []any{binary.BigEndian.AppendUint64(nil, uint64(i*1000+j)), val}
		}
		if err := pgx.BeginTxFunc(ctx, c, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			_, err := tx.CopyFrom(ctx, pgx.Identifier{schema, "raw"}, []string{"k", "v"}, pgx.CopyFromRows(rows))
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "puts/s")
}

// BenchmarkPostgresPostProcesses posts three-line invoices from 1 and from
// 8 processes (copies of this test binary, each with its own connection
// pool, posting one entry at a time from one goroutine) on one book,
// b.N entries in all; the clock runs from the moment every process has
// opened the book until the last one has posted. Each process posts for
// its own customer, into the one journal: the numbering counter is the
// hot key every post competes for.
func BenchmarkPostgresPostProcesses(b *testing.B) {
	for _, n := range []int{1, 8} {
		b.Run(fmt.Sprintf("processes=%d", n), func(b *testing.B) {
			st := pgBenchStore(b)
			bk := benchBook(b, st)
			addPartners(b, bk, n)
			per := (b.N + n - 1) / n
			type child struct {
				cmd   *exec.Cmd
				in    io.WriteCloser
				lines *bufio.Scanner
			}
			children := make([]child, n)
			for i := range children {
				cmd := exec.Command(os.Args[0], "-test.run=^TestPostgresBenchChild$", "-test.count=1")
				cmd.Env = append(os.Environ(), pgBenchSchemaEnv+"="+st.Schema(), pgBenchIDEnv+"="+strconv.Itoa(i),
					pgBenchPostsEnv+"="+strconv.Itoa(per))
				cmd.Stderr = os.Stderr
				in, err := cmd.StdinPipe()
				if err != nil {
					b.Fatal(err)
				}
				out, err := cmd.StdoutPipe()
				if err != nil {
					b.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				children[i] = child{cmd, in, bufio.NewScanner(out)}
			}
			gaveUp := 0
			wait := func(want string) {
				for i, c := range children {
					var said []string
					for c.lines.Scan() && c.lines.Text() != want {
						var n int
						if _, err := fmt.Sscanf(c.lines.Text(), "gave up %d", &n); err == nil {
							gaveUp += n
						}
						said = append(said, c.lines.Text())
					}
					if c.lines.Err() != nil || c.lines.Text() != want {
						b.Fatalf("process %d did not say %q:\n%s", i, want, strings.Join(said, "\n"))
					}
				}
			}
			wait("ready")
			b.ResetTimer()
			for _, c := range children {
				if _, err := io.WriteString(c.in, "go\n"); err != nil {
					b.Fatal(err)
				}
			}
			wait("done")
			b.StopTimer()
			for i, c := range children {
				if err := c.cmd.Wait(); err != nil {
					b.Fatalf("process %d: %v", i, err)
				}
			}
			b.ReportMetric(float64(n*per)/b.Elapsed().Seconds(), "entries/s")
			b.ReportMetric(float64(gaveUp), "gave-up")
		})
	}
}

// The environment of BenchmarkPostgresPostProcesses's children.
const (
	pgBenchSchemaEnv = "LETTRAGE_PGBENCH_SCHEMA"
	pgBenchIDEnv     = "LETTRAGE_PGBENCH_ID"
	pgBenchPostsEnv  = "LETTRAGE_PGBENCH_POSTS"
)

// TestPostgresBenchChild is a process of BenchmarkPostgresPostProcesses:
// it opens the book, says "ready", waits for "go" on its input, posts its
// entries one at a time and says "done".
func TestPostgresBenchChild(t *testing.T) {
	schema := os.Getenv(pgBenchSchemaEnv)
	if schema == "" {
		t.Skip("only run by BenchmarkPostgresPostProcesses")
	}
	ctx := context.Background()
	id, err := strconv.Atoi(os.Getenv(pgBenchIDEnv))
	require.NoError(t, err)
	posts, err := strconv.Atoi(os.Getenv(pgBenchPostsEnv))
	require.NoError(t, err)
	st, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: schema, MaxConns: 2})
	require.NoError(t, err)
	defer st.Close()
	bk, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	partner := fmt.Sprintf("C%06d", id)
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	gaveUp := 0
	for i := range posts {
		e := benchEntry(id*10_000_000+i, partner)
		e.ID = journal.NewID()
		for {
			_, err := bk.Post(ctx, e)
			if errors.Is(err, pgstore.ErrConflict) {
				gaveUp++ // every attempt conflicted: post again, as an application would, with the same id
				continue
			}
			require.NoError(t, err)
			break
		}
	}
	fmt.Printf("gave up %d\n", gaveUp)
	fmt.Println("done")
}
