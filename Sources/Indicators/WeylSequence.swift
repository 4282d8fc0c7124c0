/// Low-discrepancy (Weyl / golden-ratio) sequences: the k-th point of `frac(offset + k·alpha)`.
/// Used where a published share must come out right even in a small group: over n points the
/// fraction that falls below p differs from p by O(log n / n), far less than random sampling's 1/√n.
struct WeylSequence: Sendable {
    var offset: Double
    let alpha: Double

    static let golden = 0.618_033_988_749_894_8      // 1/φ
    static let silver = 0.414_213_562_373_095_05     // √2 − 1
    static let bronze = 0.302_775_637_731_994_6      // (√13 − 3)/2
    static let plastic = 0.754_877_666_246_692_7     // 1/ρ (plastic number)

    init(offset: Double, alpha: Double) { self.offset = offset; self.alpha = alpha }

    /// The point for index `k`.
    @inline(__always)
    func point(_ k: Int) -> Double {
        let x = offset + Double(k) * alpha
        return x - x.rounded(.down)
    }
}
