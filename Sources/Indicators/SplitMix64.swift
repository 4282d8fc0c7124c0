/// A small, fast, deterministic pseudo-random generator (Steele, Lea and Flood's SplitMix64).
/// The register generator uses its own generator so that a seed gives the same data on every
/// platform and Swift version (the standard library's generator is neither seedable nor stable).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

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
