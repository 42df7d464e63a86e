/** Every API error has this shape, with the matching 4xx/5xx status. */
export interface ApiErrorBody {
	error: {
		code: string;
		message: string;
		/** The request field at fault, as a dotted path, when there is one. */
		field?: string;
	};
}
