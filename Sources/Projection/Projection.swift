/// The projection engine: HELSEMOD-style supply, demand and gap of health personnel under scenarios.
public enum ProjectionModule {}
