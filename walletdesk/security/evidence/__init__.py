"""The evidence bundle (报警材料): what a customer takes to the police after a theft or a scam.

collect.py gathers one dictionary (account, wallet status, the period's transactions, security
events, public ticket transcripts); render.py makes the PDF from it, pack.py the ZIP with the
JSON and a SHA-256 manifest; services.py builds and records downloads; access.py says which
console users may build one.
"""
