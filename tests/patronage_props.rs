//! Property tests of the patronage apportionment: Σ allocation = distributable exactly, no
//! allocation is negative, cash + retained = allocation, and no allocation is a cent or more
//! away from its exact share (checked in exact integer arithmetic).

use coopbooks::engine::patronage::{exact_shares, largest_remainder};
use coopbooks::money::{self, Money, Rate};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn members() -> impl Strategy<Value = Vec<[i64; 3]>> {
    // hours in hundredths, turnover and budget in cents; some zero.
    prop::collection::vec([0i64..200_000, 0i64..10_000_000, 0i64..10_000_000], 1..20)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn apportionment(values in members(), w in [0u32..=100, 0u32..=100, 0u32..=100], cents in 0i64..10_000_000, cash_pct in 20u32..=100) {
        prop_assume!(w.iter().sum::<u32>() > 0);
        let total = money::round(Decimal::new(cents, 2));
        // Weights as rates summing to anything > 0: the engine rescales what remains.
        let weights = w.map(|p| Rate::from_fraction(Decimal::new(i64::from(p), 2)));
        let as_dec: Vec<[Decimal; 3]> = values
            .iter()
            .map(|v| [Decimal::new(v[0], 2), Decimal::new(v[1], 2), Decimal::new(v[2], 2)])
            .collect();
        let Some(shares) = exact_shares(total, weights, &as_dec) else {
            // Every weighted basis totals 0.
            let live = (0..3).any(|k| w[k] > 0 && values.iter().any(|v| v[k] != 0));
            prop_assert!(!live);
            return Ok(());
        };
        let ids: Vec<String> = (0..values.len()).map(|i| format!("m{i:02}")).collect();
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let alloc = largest_remainder(total, &shares, &id_refs);
        prop_assert_eq!(alloc.iter().copied().sum::<Money>(), total);
        // Exact shares in integers: share_i (cents) = C * Σ_k w_k x_ik Π_{j≠k} X_j / (W Π_k X_k).
        let live: Vec<usize> = (0..3).filter(|&k| w[k] > 0 && values.iter().map(|v| v[k]).sum::<i64>() != 0).collect();
        let x_tot: Vec<i128> = (0..3).map(|k| values.iter().map(|v| i128::from(v[k])).sum()).collect();
        let wsum: i128 = live.iter().map(|&k| i128::from(w[k])).sum();
        let den: i128 = wsum * live.iter().map(|&k| x_tot[k]).product::<i128>();
        let cash = Rate::from_fraction(Decimal::new(i64::from(cash_pct), 2));
        for (i, a) in alloc.iter().enumerate() {
            prop_assert!(!a.is_negative());
            let num: i128 = live
                .iter()
                .map(|&k| {
                    let others: i128 = live.iter().filter(|&&j| j != k).map(|&j| x_tot[j]).product();
                    i128::from(w[k]) * i128::from(values[i][k]) * others
                })
                .sum::<i128>() * i128::from(cents);
            let a_cents = (a.value() * Decimal::ONE_HUNDRED).mantissa() / 10i128.pow((a.value() * Decimal::ONE_HUNDRED).scale());
            // |a - share| < 1 cent  <=>  |a_cents * den - num| < den
            prop_assert!((a_cents * den - num).abs() < den, "member {i}: {a} vs {num}/{den}");
            let c = money::round_up(a.times(cash));
            let retained = *a - c;
            prop_assert_eq!(c + retained, *a);
            prop_assert!(c.value() * Decimal::ONE_HUNDRED >= a.value() * cash.value() * Decimal::ONE_HUNDRED);
        }
    }
}
