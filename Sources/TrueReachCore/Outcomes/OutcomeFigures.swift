/// What a set of tracked links brought in: clicks by class, unique human visitors, conversions and
/// their value, and the rates that follow.
///
/// Every rate is `nil` when its denominator is unknown or zero (no human click, no cost given, no
/// audit to say how many followers are real): unknown, never zero.
public struct OutcomeFigures: Sendable, Hashable, Codable {
    /// Clicks, all and by class.
    public var clicks: ClickCounts
    /// Distinct visitors among the human clicks (a visitor's hash changes with the day's salt, so one
    /// person clicking on two days counts twice).
    public var uniqueHumanVisitors: Int
    /// Conversions and their value.
    public var conversions: ConversionTotals
    /// What the links cost, when every link with a cost gave it in one currency (or none).
    public var cost: Double?
    /// The cost's currency, if given.
    public var costCurrency: String?
    /// Conversions per human click.
    public var conversionRate: Double?
    /// Cost divided by human clicks.
    public var costPerHumanClick: Double?
    /// Cost divided by conversions.
    public var costPerConversion: Double?
    /// Human clicks per 1,000 real followers (the latest audit's true reach).
    public var humanClicksPerThousandRealFollowers: Double?

    /// The figures of links whose counts are given.
    ///
    /// - Parameters:
    ///   - clicksByClass: Clicks per class.
    ///   - uniqueHumanVisitors: Distinct visitors among the human clicks.
    ///   - conversions: How many conversions.
    ///   - valueByCurrency: Their value by currency (`""` for values without one).
    ///   - costs: Each link's cost and its currency (links without a cost left out).
    ///   - realFollowers: The account's real followers (true reach), when an audit says.
    public init(
        clicksByClass: [ClickClass: Int], uniqueHumanVisitors: Int, conversions: Int,
        valueByCurrency: [String: Double], costs: [(amount: Double, currency: String?)], realFollowers: Double?
    ) {
        clicks = ClickCounts(byClass: clicksByClass)
        self.uniqueHumanVisitors = uniqueHumanVisitors
        self.conversions = ConversionTotals(count: conversions, valueByCurrency: valueByCurrency)
        let currencies = Set(costs.map(\.currency))
        if !costs.isEmpty, currencies.count == 1 {
            cost = costs.reduce(0) { $0 + $1.amount }
            costCurrency = currencies.first ?? nil
        }
        let human = clicks.human
        conversionRate = human > 0 ? Double(conversions) / Double(human) : nil
        costPerHumanClick = cost.flatMap { human > 0 ? $0 / Double(human) : nil }
        costPerConversion = cost.flatMap { conversions > 0 ? $0 / Double(conversions) : nil }
        humanClicksPerThousandRealFollowers = realFollowers.flatMap {
            $0 > 0 ? Double(human) * 1_000 / $0 : nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case clicks
        case uniqueHumanVisitors = "unique_human_visitors"
        case conversions, cost
        case costCurrency = "cost_currency"
        case conversionRate = "conversion_rate"
        case costPerHumanClick = "cost_per_human_click"
        case costPerConversion = "cost_per_conversion"
        case humanClicksPerThousandRealFollowers = "human_clicks_per_1000_real_followers"
    }
}

/// Clicks, all of them and by class: the human ones, and the rest by why they were filtered out.
public struct ClickCounts: Sendable, Hashable, Codable {
    /// Every recorded click.
    public var total: Int
    /// Clicks by people.
    public var human: Int
    /// The others, by class (`bot`, `link_preview`, `prefetch`, `email_scanner`, `duplicate`), each
    /// class present with 0 when none.
    public var filtered: [String: Int]

    /// Counts from clicks per class.
    public init(byClass: [ClickClass: Int]) {
        total = byClass.values.reduce(0, +)
        human = byClass[.human] ?? 0
        var filtered: [String: Int] = [:]
        for kind in ClickClass.allCases where kind != .human {
            filtered[kind.rawValue] = byClass[kind] ?? 0
        }
        self.filtered = filtered
    }
}

/// Conversions: how many, and their value.
public struct ConversionTotals: Sendable, Hashable, Codable {
    /// How many.
    public var count: Int
    /// Their value when it is in one currency (or none); `nil` when none has a value or currencies mix.
    public var value: Double?
    /// The value's currency, when there is one.
    public var currency: String?
    /// The value by currency (`""` for values given without one).
    public var valueByCurrency: [String: Double]

    /// Totals from a count and values by currency.
    public init(count: Int, valueByCurrency: [String: Double]) {
        self.count = count
        self.valueByCurrency = valueByCurrency
        if valueByCurrency.count == 1, let (currency, value) = valueByCurrency.first {
            self.value = value
            self.currency = currency.isEmpty ? nil : currency
        }
    }

    enum CodingKeys: String, CodingKey {
        case count, value, currency
        case valueByCurrency = "value_by_currency"
    }
}
