// Package allocation is the pure money math of cost allocation in a gemensam
// nämnd (joint committee): how the shared net cost (gemensam nettokostnad),
// the political costs (arvoden), the directly attributable costs and the
// year's över-/underskott are split between the member municipalities, and
// what each member is invoiced per quarter.
//
// The rules follow the draft samverkansavtal of Ölands IT-nämnd (Borgholm
// as värdkommun, and Mörbylånga):
//
//   - §13 and Bilaga 3: the shared net cost, excluding arvoden and expense
//     allowances of the elected members, is split by the number of users
//     in each member's kommunkoncern per 1 January of the year before the
//     operating year. Revenues from the municipal companies are counted
//     into the net cost before the split. Costs that can be traced to one
//     municipality are charged to it directly.
//   - §16: arvoden are paid by the municipality that elected the member,
//     so political costs are charged to that member, never split.
//   - §17: surpluses and deficits are split by the same key.
//   - §14 (2025): the host invoices ¼ of the budgeted share per quarter in
//     advance, with a reconciliation (årsavstämning) in December and a
//     final settlement by 15 January.
//   - §15 (2026 on): invoicing per ordered IT objects, quarterly in arrears.
//
// The terms are inputs (key mode, invoicing rule, user counts), not
// constants, so that every agreement version can be computed.
//
// Money is int64 öre everywhere; costs are positive and revenues and
// contributions negative, as in the seed's tables. Every split is exact:
// the shares always sum to the amount split, to the öre, and no share is
// a whole öre or more away from its exact proportional value (see Split).
//
// The package does no I/O, never reads the clock and never iterates a map
// into its output: the same input always gives the same output.
package allocation
