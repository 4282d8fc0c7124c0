import Foundation
import Tables

/// The demand model (ENGINES §6.1): per service k, FTE[k, t] = FTE[k, base] × D[k, t] × ((1+σ)/(1+π))^(t−base),
/// where D is the demography index (with or without health improvement); the service that absorbs family care
/// keeps informal care at a constant level L when the scenario says so: formal = (FTE + L) × growth − L.
/// Per occupation: Σ_k FTE[k, t] × mix[k, g, t] plus the base-year shortage.
public struct DemandModel: Sendable {
    public let inputs: ProjectionInputs

    public init(inputs: ProjectionInputs) { self.inputs = inputs }

    /// The multiplicative drivers of one service's demand in year index y.
    struct Factors {
        var demography: Double      // D with constant rates
        var health: Double          // D_health / D_constant (1 without health improvement)
        var standard: Double        // (1+σ)^n
        var productivity: Double    // (1+π)^-n
        var growth: Double { demography * health * standard * productivity }
    }

    func factors(_ s: Scenario, k: Int, y: Int) -> Factors {
        let i = inputs
        let Y = i.yearCount
        let dc = i.demographyConstant[k * Y + y]
        let dh = s.healthImprovement ? i.demographyHealth[k * Y + y] : dc
        let n = Double(y)
        return Factors(demography: dc, health: dc > 0 ? dh / dc : 1,
                       standard: pow1p(s.standard, n), productivity: 1 / pow1p(s.productivity, n))
    }

    /// Informal care kept at a constant level adds L × (growth − 1) to the family-care service.
    func familyCareAddition(_ s: Scenario, k: Int, growth: Double) -> Double {
        s.family == .level && inputs.familyCareService[k] ? s.familyLevel * (growth - 1) : 0
    }

    /// FTE per service, index k * years + y.
    public func services(_ s: Scenario, years: Int) -> [Double] {
        let i = inputs
        let K = i.services.count
        var out = [Double](repeating: 0, count: K * years)
        let ratio = (1 + s.standard) / (1 + s.productivity)
        let Y = i.yearCount
        for k in 0..<K {
            let base = i.serviceBaseFTE[k]
            let family = s.family == .level && i.familyCareService[k]
            let index = s.healthImprovement ? i.demographyHealth : i.demographyConstant
            var f = 1.0
            for y in 0..<years {
                let growth = index[k * Y + y] * f
                out[k * years + y] = family ? (base + s.familyLevel) * growth - s.familyLevel : base * growth
                f *= ratio
            }
        }
        return out
    }

    @inline(__always) func mix(k: Int, g: Int, y: Int) -> Double {
        let G = inputs.occupations.count
        return max(0, inputs.mixShare[k * G + g] + inputs.mixTrend[k * G + g] * Double(y))
    }

    /// FTE per occupation (index g * years + y) from service FTE, including the base-year shortage if the scenario adds it.
    public func occupations(_ s: Scenario, services serviceFTE: [Double], years: Int) -> [Double] {
        let i = inputs
        let G = i.occupations.count, K = i.services.count
        var out = [Double](repeating: 0, count: G * years)
        for g in 0..<G {
            let shortage = s.baseShortage ? i.baseShortage[g] : 0
            for y in 0..<years {
                var d = shortage
                for k in 0..<K { d += serviceFTE[k * years + y] * mix(k: k, g: g, y: y) }
                out[g * years + y] = d
            }
        }
        return out
    }

    /// The components of the change from the observed base-year FTE to the horizon.
    public static let components = ["demography", "health improvement", "standard", "productivity", "family care",
                                    "skill mix", "base shortage"]

    /// Growth from the base year to year index y split into `components` (FTE), per service (K rows of 7).
    /// The multiplicative drivers are taken one after the other, demography first: demography adds
    /// base × (D − 1), health improvement base × D × (H − 1), standard base × D × H × (S − 1), productivity the
    /// rest; so scenarios that share a population share the demography part, and those that also share the health
    /// assumption share the health part. Family care at a constant level adds L × (growth − 1).
    /// Services have no skill-mix or shortage part.
    func serviceComponents(_ s: Scenario, y: Int) -> [[Double]] {
        let i = inputs
        return (0..<i.services.count).map { k in
            let f = factors(s, k: k, y: y)
            let base = i.serviceBaseFTE[k]
            var parts: [Double] = []
            var level = base
            for factor in [f.demography, f.health, f.standard, f.productivity] {
                parts.append(level * (factor - 1))
                level *= factor
            }
            parts.append(familyCareAddition(s, k: k, growth: f.growth))
            parts.append(0); parts.append(0)
            return parts
        }
    }

    /// The same split per occupation: each service's components weighted by the base-year mix, plus the change of
    /// the mix (skill mix) and the base-year shortage.
    func occupationComponents(_ s: Scenario, y: Int, services serviceFTE: [Double], years: Int) -> [[Double]] {
        let i = inputs
        let perService = serviceComponents(s, y: y)
        return (0..<i.occupations.count).map { g in
            var parts = [Double](repeating: 0, count: Self.components.count)
            for k in 0..<i.services.count {
                let m0 = mix(k: k, g: g, y: 0)
                for c in 0..<5 { parts[c] += perService[k][c] * m0 }
                parts[5] += serviceFTE[k * years + y] * (mix(k: k, g: g, y: y) - m0)
            }
            parts[6] = s.baseShortage ? i.baseShortage[g] : 0
            return parts
        }
    }
}

/// (1 + r)^n for whole or fractional n.
@inline(__always) func pow1p(_ r: Double, _ n: Double) -> Double { exp(n * log1p(r)) }
