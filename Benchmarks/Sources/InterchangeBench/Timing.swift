/// Microseconds per call of `body`, timed over `iterations` calls after `warmUp` untimed ones.
func microsecondsPerCall(iterations: Int, warmUp: Int, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmUp { try body() }
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<iterations { try body() }
    let elapsed = clock.now - start
    return (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(iterations)
}
