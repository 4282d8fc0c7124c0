/// Terminal charts: pure functions from a table and a chart spec to lines of text.
public enum ChartsModule {}
