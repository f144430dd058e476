package reconcile_test

import (
	"context"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A dunning run on 30 June: an invoice of 1 March, due on the 31st, is 91
// days late and at the formal notice; once it is recorded, a second run
// the same day has nothing new to send.
func ExampleReconciler_Dunning() {
	ctx := context.Background()
	book, r := exampleBook()
	inv := exampleInvoice(book, journal.MustDate(2026, 3, 1), "300.00")
	at := journal.MustDate(2026, 6, 30)
	for range 2 {
		run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, row := range run.Rows {
			it := row.Items[0]
			fmt.Printf("%s %s: %d days late, %s due, level %d (%s), next %d\n", row.Partner, it.Number, it.DaysOverdue,
				it.Residual.Plain(), it.Level, row.Ladder[it.Level-1].Name, row.Next)
			if row.Next > 0 {
				_, err = r.RecordReminder(ctx, reconcile.Reminder{Partner: row.Partner, Date: at, Level: row.Next,
					Documents: []journal.ID{inv.ID}})
				if err != nil {
					fmt.Println(err)
					return
				}
			}
		}
	}
	// Output:
	// C1 VT/2026/00001: 91 days late, 300.00 due, level 3 (Mise en demeure de payer), next 3
	// C1 VT/2026/00001: 91 days late, 300.00 due, level 3 (Mise en demeure de payer), next 0
}
