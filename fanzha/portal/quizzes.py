"""Experience quizzes (体验式): short scenarios from the commonest fraud types (DOMAIN.md §4).
The resident picks what they would do and learns why; the score comes at the end."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Choice:
    text: object
    correct: bool
    why: object


@dataclass(frozen=True)
class Scenario:
    slug: str
    fraud_type: str
    title: object
    story: object
    choices: tuple[Choice, ...]


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "rebate-tasks",
        "SDFL",
        _("Likes for commission"),
        _(
            "A stranger adds you on WeChat: like a few videos and earn 5 yuan each. After two "
            "small payouts you are told to 'top up 2,000 yuan for a bigger task' to earn more."
        ),
        (
            Choice(
                _("Top up: the first payouts were real"),
                False,
                _(
                    "The small payouts are bait. Every 'task' that needs your money first is "
                    "order-brushing fraud; the more you top up, the more you lose."
                ),
            ),
            Choice(
                _("Stop, block the contact and call 96110"),
                True,
                _("Right. Any job that asks you to pay or 'unlock' money is fraud."),
            ),
            Choice(
                _("Ask them to deduct the top-up from your earnings"),
                False,
                _("They will invent a 'frozen order' next. Do not negotiate: stop."),
            ),
        ),
    ),
    Scenario(
        "investment-mentor",
        "XJTZ",
        _("A mentor with inside information"),
        _(
            "In a stock-tips group a 'mentor' shows big profits and invites you to an app "
            "platform. Your account shows gains, but to withdraw you must pay a 'thawing fee'."
        ),
        (
            Choice(
                _("Pay the fee to get the gains out"),
                False,
                _(
                    "The gains are numbers on a fake platform. A fee to withdraw is the "
                    "classic sign of investment fraud."
                ),
            ),
            Choice(
                _("Invest more so the fee is worth it"),
                False,
                _("That is exactly what the group wants. Nothing can be withdrawn."),
            ),
            Choice(
                _("Stop paying, keep the chat records and report it"),
                True,
                _(
                    "Right. 'Guaranteed profit' and 'fees to withdraw' mean fraud; report it "
                    "in the portal or the national anti-fraud App."
                ),
            ),
        ),
    ),
    Scenario(
        "courier-refund",
        "MCKF",
        _("The lost parcel"),
        _(
            "'Customer service' calls: your parcel was lost and you will get triple compensation. "
            "They ask you to download a meeting app and share your screen to 'process the refund'."
        ),
        (
            Choice(
                _("Share the screen so they can help"),
                False,
                _(
                    "Screen sharing shows them your verification codes and banking app. A "
                    "request to share your screen is always fraud."
                ),
            ),
            Choice(
                _("Hang up and check the order in the shopping app yourself"),
                True,
                _("Right. Real refunds happen in the official app, never by screen sharing."),
            ),
            Choice(
                _("Give only the verification code they send"),
                False,
                _("Never tell anyone a verification code: that is how the money leaves."),
            ),
        ),
    ),
    Scenario(
        "police-safe-account",
        "MCGJF",
        _("The 'police' on the phone"),
        _(
            "A caller says he is a police officer: your ID was used for money laundering. "
            "He shows an 'arrest warrant' and tells you to move your savings to a "
            "'safe account' and keep it secret."
        ),
        (
            Choice(
                _("Move the money to prove your innocence"),
                False,
                _("Police never ask you to transfer money. A 'safe account' is always fraud."),
            ),
            Choice(
                _("Keep it secret as told"),
                False,
                _("Secrecy is what the fraudster needs. Talk to your family."),
            ),
            Choice(
                _("Hang up and call 110 or go to the police station"),
                True,
                _("Right. Real police do not handle cases by phone and never ask for money."),
            ),
        ),
    ),
    Scenario(
        "loan-deposit",
        "XJDK",
        _("A loan with no collateral"),
        _(
            "An app offers 50,000 yuan at a low rate with no collateral. After you apply, it says "
            "your bank card number was wrong and the money is frozen: pay a deposit to unfreeze it."
        ),
        (
            Choice(
                _("Pay the deposit: the loan is already approved"),
                False,
                _("A loan that wants money first is always fraud."),
            ),
            Choice(
                _("Stop and borrow only through a bank or licensed lender"),
                True,
                _("Right. Real lenders deduct nothing in advance and never 'freeze' a loan."),
            ),
            Choice(
                _("Send a photo of your ID so they can fix the card number"),
                False,
                _("Your ID photo will be used for more fraud. Send nothing."),
            ),
        ),
    ),
    Scenario(
        "boss-new-wechat",
        "MCLD",
        _("The boss's new WeChat"),
        _(
            "Your 'boss' adds you from a new WeChat account: he is in a meeting and cannot talk; "
            "please transfer 80,000 yuan to a partner now, he will sign the paperwork later."
        ),
        (
            Choice(
                _("Transfer quickly: the boss is waiting"),
                False,
                _(
                    "Urgency and 'cannot talk' are the tricks. Impersonating a leader is one of "
                    "the commonest frauds against finance staff."
                ),
            ),
            Choice(
                _("Call the boss on the number you already know"),
                True,
                _("Right. Always confirm a transfer request by phone or in person."),
            ),
            Choice(
                _("Ask the new account to send a voice message"),
                False,
                _("Voices can be faked. Call the number you already know."),
            ),
        ),
    ),
)


def scenario(index: int) -> Scenario | None:
    return SCENARIOS[index] if 0 <= index < len(SCENARIOS) else None


def answer(index: int, choice: int) -> Choice | None:
    """The choice ``choice`` of scenario ``index`` (with whether it is right and why), or
    ``None`` when either does not exist."""
    found = scenario(index)
    if found is None or not 0 <= choice < len(found.choices):
        return None
    return found.choices[choice]


def score(answers: dict[int, int]) -> int:
    """How many of ``answers`` (scenario index → choice index) are right."""
    return sum(1 for index, choice in answers.items() if (a := answer(index, choice)) and a.correct)
