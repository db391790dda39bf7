"""Common English words (function words and review vocabulary).

Used to tell a real English phrase inside Hebrew text from a brand name, and to keep very
short English reviews ("meh", "ok", "love it") English where a character model is unsure.
"""

from __future__ import annotations

_WORDS = """
a about above after again against all almost also always am an and any anyone anything are
aren't around as at away back be because been before being below best better between big bit
both but by can can't cannot could couldn't did didn't do does doesn't doing don't done down
during each either else enough even ever every everyone everything few first for from full
further get gets getting give given go goes going gone got had hadn't has hasn't have haven't
having he her here hers him his how i i'd i'll i'm i've if in into is isn't it it's its itself
just last least less let like little lot lots many may me might mine more most much must my
myself never new next no none nor not nothing now of off often ok okay on once one only or other
our out over own please pretty quite rather really same she should shouldn't since so some
someone something still such than that that's the their them then there there's these they
they're this those though through to too under until up upon us very was wasn't way we we're
well were weren't what when where whether which while who whom whose why will with within
without won't would wouldn't yet you you're your yours yourself
able absolutely actually add added again ago agent amazing annoying another answer answered
anyway app apps arrive arrived arrives ask asked awesome awful bad badly bank basically beautiful
believe bill billing bought box broke broken buy buying call called calls came cancel cancelled
canceled care card cart cash change charge charged charges chat cheap cheaper check checkout
clean clear click close cold come comes coming company complain complaint completely confusing
contact cost costs could crash crashed crashes crashing customer customers damaged day days
deal decent definitely delay delayed delivered delivery didnt disappointed disappointing
dont easy email emails end error especially every exactly excellent expect expected expensive
experience explain extremely fail failed fair fantastic far fast fee fees feel find fine fix
fixed food found free friendly frustrating future gave glad good great happy hard hate help
helped helpful highly hold home hope horrible hot hour hours however huge im impressed
incredible info information instead issue issues item items keep keeps kind knew know late
later left lol long look looking lost love loved lovely made make makes making manager meh
message minutes miss missing money month months need needed needs nice night nobody nothing
notice now number offer old open order ordered orders package paid part pay paying payment
people perfect perfectly person phone pick place plan poor possible price prices problem
problems product products professional quality quick quickly rate rating read ready reason
received recommend recommended refund refunded reliable reply request responsive return
returned review right rude said satisfied save saw say says screen second seems seen sent
service services set shipping shop shopping simple since site size slow small smooth sold
solved soon sorry start started staff store stuff super support sure system take taken talk
team tell terrible thank thanks thing things think thought time times today told took total
totally tried try trying two unfortunately update updated use used useful user using value
waiting want wanted wasted waste website week weeks went whole wonderful work worked working
works worse worst worth wow wrong year years yes yesterday
btw lmao omg pls plz thx top ty
"""

ENGLISH_WORDS: frozenset[str] = frozenset(_WORDS.split())
