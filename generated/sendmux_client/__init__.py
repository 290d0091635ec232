"""A client library for accessing Sendmux Webhooks API"""
