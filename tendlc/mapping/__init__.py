"""The one place that knows both the wire's camelCase and the models' snake_case."""
