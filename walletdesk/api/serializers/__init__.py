"""Serializers parse requests and shape responses. They never save models: views hand the
validated data to a service."""
