"""The demo: two corridors (USA→CHN, USA→GTM) with users, a register and cases."""
