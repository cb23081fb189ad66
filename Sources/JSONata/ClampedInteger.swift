extension Int {
    /// The whole part of `value`, clamped to ±2^53 (the integers a double holds exactly; NaN is 0):
    /// an index, a length or a count read from input never traps, and adding two of them never overflows.
    init(clamping value: Double) {
        let limit = 9_007_199_254_740_992.0
        guard !value.isNaN else {
            self = 0
            return
        }
        self = Int(Swift.min(Swift.max(value.rounded(.towardZero), -limit), limit))
    }
}
