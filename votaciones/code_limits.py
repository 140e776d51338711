"""Wrong workshop codes, limited so that one person's mistakes never lock out anybody else.

Everyone at a workshop often shares one IP address, so a limit per address alone would let a few
typing mistakes refuse the whole room, valid codes included. The rules:

- only wrong codes are counted (a valid code never counts), per device (a random id kept in the
  device's session) and per IP address, on the shared cache (`portal.ratelimit`);
- a device that has made no mistake is never refused: its code is always checked;
- a device over its own limit (`code_device`, or `code_kiosk` for a kiosk that many people use)
  is refused before its code is checked;
- when the address as a whole is over its higher limit (`code_address`), the devices that made
  mistakes there are refused too; the others still are not.

Codes have 10 characters of a 31-letter alphabet, so guessing is hopeless anyway; the limits keep
a device from hammering the form, and a room from being locked out by its neighbours.
"""

import secrets

from portal import ratelimit

DEVICE_KEY = "votaciones_code_device"


def device_id(session):
    """A random id for this device, kept in its session (created on the first attempt)."""
    if not session.get(DEVICE_KEY):
        session[DEVICE_KEY] = secrets.token_urlsafe(12)
    return session[DEVICE_KEY]


def _device_action(kiosk):
    return "code_kiosk" if kiosk else "code_device"


def attempt_refused(*, device, address, kiosk=False):
    """Must this device wait before a code it types is even checked?"""
    mistakes = ratelimit.count(_device_action(kiosk), device)
    if mistakes == 0:
        return False
    if mistakes >= ratelimit.limit(_device_action(kiosk)):
        return True
    return ratelimit.exceeded("code_address", address)


def record_mistake(*, device, address, kiosk=False):
    """Count one wrong code for the device and for its address."""
    ratelimit.hit(_device_action(kiosk), device)
    ratelimit.hit("code_address", address)
