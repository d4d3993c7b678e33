extension Shortlist {
    /// The share of one audience's real followers that none of a set of others reaches, exact from ids
    /// or estimated from sketches (``Shortlist`` gives the formulas).
    struct Uniqueness {
        /// A uniqueness share.
        struct Share: Hashable {
            var value: Double
            var method: OverlapMethod
            var standardError: Double?
        }

        let audiences: [OverlapAudience]
        let precision: Int
        /// Sketches made of exact audiences, once each, when a sketch is involved.
        var sketches: [Int: HyperLogLog] = [:]

        init(_ audiences: [OverlapAudience]) {
            self.audiences = audiences
            precision =
                audiences.lazy.compactMap { audience -> Int? in
                    if case .sketch(_, let sketch) = audience.members { return sketch.precision }
                    return nil
                }.first ?? HyperLogLog.defaultPrecision
        }

        /// The share of audience `index`'s real followers that none of `others` reaches; `nil` when it
        /// or any of them is unknown.
        mutating func share(of index: Int, after others: [Int]) -> Share? {
            let audience = audiences[index]
            guard audience.unknownReason == nil, others.allSatisfy({ audiences[$0].unknownReason == nil }) else {
                return nil
            }
            let count = audience.realFollowers
            guard count > 0 else { return Share(value: 0, method: .exact) }
            guard !others.isEmpty else { return Share(value: 1, method: .exact) }
            var exactOthers: [Set<FollowerKey>] = []
            for other in others {
                if case .exact(let keys) = audiences[other].members { exactOthers.append(keys) }
            }
            if case .exact(let keys) = audience.members, exactOthers.count == others.count {
                var new = 0
                for key in keys where !exactOthers.contains(where: { $0.contains(key) }) { new += 1 }
                return Share(value: Double(new) / Double(count), method: .exact)
            }
            var union = HyperLogLog(precision: precision)
            for other in others { union.merge(sketch(other)) }
            let counts = others.map { audiences[$0].realFollowers }
            let reached = AudienceOverlap.estimate(
                union, bounds: Double(counts.max() ?? 0)...Double(counts.reduce(0, +)))
            let withAudience = AudienceOverlap.estimate(
                union.merging(sketch(index)),
                bounds: Double(max(count, counts.max() ?? 0))...Double(count + counts.reduce(0, +)))
            let new = min(max(withAudience.value - reached.value, 0), Double(count))
            let error =
                (withAudience.standardError * withAudience.standardError + reached.standardError
                * reached.standardError).squareRoot()
            return Share(value: new / Double(count), method: .hyperloglog, standardError: error / Double(count))
        }

        private mutating func sketch(_ index: Int) -> HyperLogLog {
            if let made = sketches[index] { return made }
            var made = HyperLogLog(precision: precision)
            switch audiences[index].members {
            case .sketch(_, let sketch): made = sketch
            case .exact(let keys): for key in keys { made.insert(key) }
            case .unknown: break
            }
            sketches[index] = made
            return made
        }
    }
}
