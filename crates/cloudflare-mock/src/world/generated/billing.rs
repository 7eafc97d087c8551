//! The generated subscriptions, billing profile and billing history.

use super::*;

/// 1 or 2 subscriptions per account, 2 user subscriptions.
pub(super) fn subscriptions(
    rng: &mut Prng,
    base: OffsetDateTime,
    accounts: &[Account],
) -> Vec<Subscription> {
    // Subscriptions.
    let mut subscriptions = Vec::new();
    let mut add_sub = |rng: &mut Prng, owner: Owner, plan: &str, freq: &str, state: &str| {
        if let Some((rate_plan, monthly)) = RatePlan::known(plan) {
            let (price, months) = price_for(monthly, freq);
            let start = base - Duration::days(rng.range(1, 25) as i64);
            subscriptions.push(Subscription {
                id: rng.hex32(),
                owner,
                frequency: freq.to_owned(),
                currency: rate_plan.currency.clone(),
                rate_plan,
                price,
                state: state.to_owned(),
                period_start: start,
                period_end: start + months,
            });
        }
    };
    for (ai, acc) in accounts.iter().enumerate() {
        let plans = ["pro", "business", "free", "pro_plus"];
        let plan = if ai == 0 {
            "enterprise"
        } else {
            *rng.pick(&plans)
        };
        let freq = if ai == 0 { "yearly" } else { "monthly" };
        add_sub(rng, Owner::Account(acc.id.clone()), plan, freq, "Paid");
        if ai % 3 == 0 {
            add_sub(
                rng,
                Owner::Account(acc.id.clone()),
                "lite",
                "monthly",
                "Trial",
            );
        }
    }
    add_sub(rng, Owner::User, "pro", "monthly", "Paid");
    add_sub(rng, Owner::User, "business", "yearly", "AwaitingPayment");

    subscriptions
}

/// The billing profile and 45 monthly billing history entries.
pub(super) fn billing(
    rng: &mut Prng,
    user: &User,
    base: OffsetDateTime,
) -> (Value, Vec<BillingItem>) {
    let billing_profile = billing_profile(rng, user, base);
    let billing_history = (0..45)
        .map(|i| {
            let plan = if i % 5 == 0 {
                "Business Plan"
            } else {
                "Pro Plan"
            };
            BillingItem {
                id: rng.hex32(),
                kind: if i % 11 == 10 { "refund" } else { "charge" }.to_owned(),
                action: if i % 7 == 3 { "add-on" } else { "subscription" }.to_owned(),
                description: format!("{plan} for {}", rng.pick(ZONES)),
                occurred_at: base - Duration::days(30 * i as i64) + Duration::hours(12),
                amount: if i % 5 == 0 { 200.0 } else { 20.0 },
                currency: "USD".to_owned(),
                zone_name: (*rng.pick(ZONES)).to_owned(),
            }
        })
        .collect();

    (billing_profile, billing_history)
}

/// Price for a billing period and the period length.
pub(crate) fn price_for(monthly: f64, frequency: &str) -> (f64, Duration) {
    match frequency {
        "weekly" => ((monthly / 4.0 * 100.0).round() / 100.0, Duration::weeks(1)),
        "quarterly" => (monthly * 3.0, Duration::days(91)),
        "yearly" => (monthly * 10.0, Duration::days(365)),
        _ => (monthly, Duration::days(30)),
    }
}

pub(super) fn billing_profile(rng: &mut Prng, user: &User, base: OffsetDateTime) -> Value {
    let first = user.first_name.clone().unwrap_or_default();
    let last = user.last_name.clone().unwrap_or_default();
    let street = format!("{} Market Street", rng.range(1, 999));
    json!({
        "id": rng.hex32(),
        "account_type": "type",
        "first_name": first,
        "last_name": last,
        "address": street,
        "address2": "Suite 100",
        "company": "Example Company",
        "city": "San Francisco",
        "state": "CA",
        "zipcode": "94107",
        "country": "US",
        "telephone": user.telephone.clone().unwrap_or_default(),
        "card_number": "4242",
        "card_expiry_year": 2099,
        "card_expiry_month": 12,
        "vat": "",
        "tax_id_type": "",
        "balance": "0",
        "device_data": "",
        "use_legacy": false,
        "is_partner": false,
        "validation_code": "",
        "payment_gateway": "stripe",
        "payment_nonce": "",
        "payment_first_name": first,
        "payment_last_name": last,
        "payment_address": street,
        "payment_address2": "Suite 100",
        "payment_city": "San Francisco",
        "payment_state": "CA",
        "payment_zipcode": "94107",
        "payment_country": "US",
        "payment_email": user.email,
        "primary_email": user.email,
        "enterprise_billing_email": user.email,
        "enterprise_primary_email": user.email,
        "created_on": crate::state::fmt_time(base - Duration::days(1200)),
        "edited_on": crate::state::fmt_time(base - Duration::days(40)),
        "next_bill_date": crate::state::fmt_time(base + Duration::days(14)),
    })
}
