/// The indicator engine: official workforce indicators written as query-language formulas.
public enum IndicatorsModule {}
