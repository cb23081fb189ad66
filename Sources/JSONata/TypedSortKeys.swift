/// Order-by keys when every term's keys are all numbers or all strings (or undefined): compared as
/// doubles read from a flat array, without matching values on every comparison. A term of strings
/// is ranked once (its distinct strings sorted in JavaScript's order), so its keys compare as
/// numbers too. Terms that mix kinds (which compare with an error) have no typed form.
final class TypedSortKeys {
    private let numbers: [Double]
    /// Whether each key is defined; an undefined key sorts after every defined one.
    private let defined: [Bool]
    private let termCount: Int

    init?(_ keys: [Value?], termCount: Int) {
        var numbers = [Double](repeating: 0, count: keys.count)
        var defined = [Bool](repeating: false, count: keys.count)
        for term in 0..<termCount {
            var sawNumber = false
            // Each distinct string once (keys usually repeat: a type, a status, a date), and which of
            // them each key is.
            var distinct: [ExactText: Int] = [:]
            var texts: [String] = []
            var stringKeys: [(key: Int, text: Int)] = []
            for k in stride(from: term, to: keys.count, by: termCount) {
                guard let key = keys[k] else { continue }
                defined[k] = true
                if let number = key.numeric {
                    numbers[k] = number
                    sawNumber = true
                } else if case .string(let text) = key {
                    let index = Evaluator.indexOrRecord(&distinct[ExactText(text), default: -1], next: texts.count) ?? texts.count
                    if index == texts.count { texts.append(text) }
                    stringKeys.append((k, index))
                } else {
                    return nil
                }
            }
            if stringKeys.isEmpty { continue }
            if sawNumber { return nil }
            // Ranks follow the distinct strings' order (all different, so no two share one).
            let byOrder = texts.indices.sorted { CodePointText.order(texts[$0], texts[$1]) < 0 }
            var rank = [Double](repeating: 0, count: texts.count)
            for (r, index) in byOrder.enumerated() { rank[index] = Double(r) }
            for (key, text) in stringKeys { numbers[key] = rank[text] }
        }
        self.numbers = numbers
        self.defined = defined
        self.termCount = termCount
    }

    /// Sorts item positions (`order`) by the keys, ties by position (so any sort is stable here).
    /// The comparisons read the keys through buffers: an array read from a class's property on each
    /// call would be retained and released around it.
    func sort(_ order: inout [Int], descending: [Bool]) {
        let termCount = termCount
        numbers.withUnsafeBufferPointer { numbers in
            defined.withUnsafeBufferPointer { defined in
                descending.withUnsafeBufferPointer { descending in
                    order.sort { a, b in
                        let c = Self.compare(a, b, numbers, defined, descending, termCount)
                        return c != 0 ? c < 0 : a < b
                    }
                }
            }
        }
    }

    /// Whether item `a` goes before item `b` (negative), after it (positive) or ties with it (zero), by
    /// the order-by's rule: the first term that differs decides; undefined keys go last.
    @inline(__always)
    private static func compare(
        _ a: Int, _ b: Int, _ numbers: UnsafeBufferPointer<Double>, _ defined: UnsafeBufferPointer<Bool>,
        _ descending: UnsafeBufferPointer<Bool>, _ termCount: Int
    ) -> Int {
        for term in 0..<termCount {
            let x = a * termCount + term, y = b * termCount + term
            if !defined[x] && !defined[y] { continue }
            guard defined[x] else { return 1 }
            guard defined[y] else { return -1 }
            let p = numbers[x], q = numbers[y]
            let order = p < q ? -1 : (p > q ? 1 : 0)
            if order == 0 { continue }
            return descending[term] ? -order : order
        }
        return 0
    }
}
